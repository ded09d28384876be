"""A school year of drills for the demo schools: most on track or compliant, some behind, some follow-ups open.

Idempotent: a school that already has drills in the current school year is left alone.
"""

import datetime as dt
import random
from importlib import import_module

from django.utils import timezone

from schools.models import Assignment, School, SchoolYear

from . import services
from .models import Drill, DrillKind, FollowUpAction
from .selectors import effective_rule

PROBLEMS = [
    "Portable 3 door would not lock from the inside.",
    "PA announcement not heard in the gym.",
    "Two classrooms left the window coverings open.",
    "Library door propped open; staff unsure who locks it.",
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def ensure_kinds() -> None:
    """The kinds the migrations seed (lockdown: 2 a year, 1 by the fall deadline; the others not required); ensured
    here too, since a test database flushed by a transactional test has lost them (get_or_create: an edited kind is
    left as it is)."""
    for code, name_en, name_fr, counts in import_module("drills.migrations.0002_seed_kinds").KINDS:
        DrillKind.objects.get_or_create(
            code=code,
            defaults={
                "name_en": name_en,
                "name_fr": name_fr,
                "required_per_year": 2 if counts else 0,
                "required_by_fall": 1 if counts else 0,
            },
        )


def seed(*, stdout) -> None:
    year = SchoolYear.current()
    rule = effective_rule(year)
    today = timezone.localdate()
    now = timezone.now()
    kinds = {k.code: k for k in DrillKind.objects.all()}
    lockdown, hold = kinds["lockdown"], kinds["hold-and-secure"]
    created = 0
    schools = School.objects.active().filter(external_id__startswith="DEMO-").order_by("external_id")
    for index, school in enumerate(schools):
        if Drill.objects.filter(school=school).between(rule.starts_on, rule.ends_on).exists():
            continue
        assignment = Assignment.objects.on(today).filter(school=school).select_related("officer").first()
        if assignment is None:
            continue
        rnd = random.Random(f"drills-{school.external_id}")  # noqa: S311 - demo data, not security
        created += _seed_school(
            school=school,
            officer=assignment.officer,
            profile=index % 8,
            rnd=rnd,
            rule=rule,
            today=today,
            now=now,
            lockdown=lockdown,
            hold=hold,
        )
    stdout.write(f"drills: {created} demo drills created ({FollowUpAction.objects.open().count()} follow-ups open)")


def _seed_school(*, school, officer, profile, rnd, rule, today, now, lockdown, hold) -> int:
    created = 0
    fall_day = rule.starts_on + dt.timedelta(days=30 + rnd.randint(0, 40))
    spring_day = dt.date(rule.spring_deadline.year, 4, 10) + dt.timedelta(days=rnd.randint(0, 30))

    def log(day, kind, problems="", outcome=Drill.Outcome.SATISFACTORY, announced=True):
        start = _at(day, 10, rnd.choice([0, 15, 30]))
        return services.drill_complete(
            user=officer,
            school=school,
            kind=kind,
            report=services.DrillReport(
                conducted_start=start,
                conducted_end=start + dt.timedelta(minutes=rnd.randint(12, 25)),
                announced=announced,
                time_to_secure=rnd.randint(60, 240),
                students_count=rnd.randint(150, 600),
                staff_count=rnd.randint(15, 50),
                problems_found=problems,
                debrief_notes="Debrief held with the principal and office staff.",
                outcome=outcome,
            ),
            now=now,
        )

    def schedule(day, kind=lockdown):
        return services.drill_schedule(user=officer, school=school, kind=kind, scheduled_for=_at(day, 13, 30))

    if profile == 5:  # behind: nothing done, nothing booked
        return 0
    if fall_day < today:
        if profile == 6:
            drill = log(fall_day, lockdown, problems=rnd.choice(PROBLEMS), outcome=Drill.Outcome.FOLLOW_UP)
            services.followup_create(
                user=officer,
                drill=drill,
                description="Have the door hardware repaired and re-test the lock.",
                owner="Head custodian",
                due_on=fall_day + dt.timedelta(days=14),
            )
            created += 1
            if hold and fall_day + dt.timedelta(days=21) < today:
                log(fall_day + dt.timedelta(days=21), hold)
                created += 1
        elif profile == 7:
            drill = schedule(fall_day)
            services.drill_cancel(user=officer, drill=drill, version=drill.version, reason="School closed: storm")
            created += 1
            if rule.fall_deadline > today:
                schedule(today + dt.timedelta(days=rnd.randint(3, 10)))
                created += 1
        else:
            log(fall_day, lockdown, announced=profile != 2)
            created += 1
            second = fall_day + dt.timedelta(days=20)
            if profile in (0, 3) and second < today:  # some schools hold both lockdowns in the fall
                log(second, lockdown, announced=False)
                created += 1
    else:
        schedule(fall_day)
        created += 1
    if profile in (0, 3) and fall_day + dt.timedelta(days=20) < today:
        return created
    if spring_day < today and profile in (0, 1):
        log(spring_day, lockdown, announced=False)
        created += 1
    elif spring_day >= today and profile in (0, 1, 2, 6):
        schedule(spring_day)
        created += 1
    return created
