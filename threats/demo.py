"""Demo threat assessments: about a year of them at the demo schools, by their officers. Idempotent: nothing is
created when the demo schools already have assessments. No one is identified, as in real records."""

import datetime as dt
import random

from django.utils import timezone

from schools.models import Assignment, CallForService, School

from . import services
from .models import BehaviourKind, OutcomeCategory, ThreatAssessment

COUNT = 48
BANDS = {
    "elementary": ["primary", "junior", "intermediate"],
    "intermediate": ["intermediate"],
    "secondary": ["secondary"],
    "elementary_secondary": ["intermediate", "secondary"],
}
NOTES = [
    "Stage I team met the same day; school safety plan reviewed.",
    "Screenshot shared by a classmate; no access to means found.",
    "Replica seen in a backpack; parents informed by the school.",
    "Statement made in anger; support plan with the guidance office.",
    "Multi-agency Stage II meeting held; community agency involved.",
    "",
]


def seed(*, stdout) -> None:
    schools = list(School.objects.active().filter(external_id__startswith="DEMO-").order_by("external_id"))
    if not schools or ThreatAssessment.objects.filter(school__in=schools).exists():
        stdout.write("threats: demo assessments already there (or no demo schools)")
        return
    rnd = random.Random(19)  # noqa: S311 - demo data only
    officers = dict(
        Assignment.objects.current()
        .filter(school__in=schools)
        .select_related("officer")
        .values_list("school_id", "officer")
    )
    from accounts.models import User

    users = {u.pk: u for u in User.objects.filter(pk__in=set(officers.values()))}
    behaviours = {b.code: b for b in BehaviourKind.objects.filter(active=True)}
    outcomes = {o.code: o for o in OutcomeCategory.objects.filter(active=True)}
    calls = {
        c.school_id: c
        for c in CallForService.objects.filter(
            school__in=schools, category__in=["threat", "threat_assessment"], status=CallForService.Status.ACTIVE
        ).order_by("occurred_at")
    }
    today = timezone.localdate()
    created = 0
    for _n in range(COUNT):
        school = rnd.choice(schools)
        officer = users.get(officers.get(school.pk))
        if officer is None:
            continue
        day = today - dt.timedelta(days=rnd.randint(1, 364))
        if day.month in (7, 8):  # schools are out
            day -= dt.timedelta(days=70)
        stage_two = rnd.random() < 0.2
        behaviour = rnd.choices(
            ["threat_in_person", "threat_online", "weapon", "violence", "bomb_threat", "other"], [30, 30, 12, 15, 3, 10]
        )[0]
        outcome = rnd.choices(
            ["low_concern", "medium_concern", "high_concern", "support_plan", "referral", "police_investigation"],
            [30, 18, 6, 24, 14, 8] if not stage_two else [5, 20, 20, 25, 20, 10],
        )[0]
        follow_up = day + dt.timedelta(days=rnd.choice([14, 21, 30]))
        call = calls.get(school.pk)
        services.assessment_create(
            by=officer,
            officers=[officer],
            school=school,
            assessed_on=day,
            stage=ThreatAssessment.Stage.TWO if stage_two else ThreatAssessment.Stage.ONE,
            behaviour=behaviours[behaviour],
            outcome=outcomes[outcome],
            grade_band=rnd.choice(BANDS.get(school.category, ["not_recorded"])),
            follow_up_on=follow_up,
            follow_up_done=follow_up < today - dt.timedelta(days=5) and rnd.random() < 0.9,
            call=call if call and call.occurred_at.date() <= day and rnd.random() < 0.5 else None,
            notes=rnd.choice(NOTES),
        )
        created += 1
    stdout.write(f"threats: {created} demo threat assessments created")
