"""A demo situation table: a HUB meeting twice a week for the last four months, with situations through every
filter. Idempotent. Officer officer2 sits at the table (table representative); officer1 does not."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import TABLE_REPRESENTATIVE
from committees.models import Committee, Partner

from . import services
from .models import Factor, Situation, SituationTable, TableMeeting

TABLE_NAME = "Peterborough HUB Situation Table"
WEEKS = 17


def seed(*, stdout) -> None:
    if SituationTable.objects.filter(name=TABLE_NAME).exists():
        stdout.write("situations: demo table already there")
        return
    partners = list(Partner.objects.order_by("pk"))
    if len(partners) < 5:
        stdout.write("situations: no partners (seed committees first)")
        return
    rep = User.objects.filter(username="officer2").first()
    group = Group.objects.filter(name=TABLE_REPRESENTATIVE).first()
    if rep and group:
        rep.groups.add(group)
    rng = random.Random(20)
    today = timezone.localdate()
    start = today - dt.timedelta(weeks=WEEKS)
    host = next((p for p in partners if "Social Services" in p.name), partners[0])
    agencies = partners[:12]
    table = services.table_save(
        table=SituationTable(
            name=TABLE_NAME,
            host=host,
            committee=Committee.objects.filter(name__startswith="Situation Table").first(),
            cadence=SituationTable.Cadence.TWICE_WEEKLY,
            meeting_days=["tue", "thu"],
            active_from=start - dt.timedelta(days=365 * 3),
        ),
        agencies=agencies,
    )
    meetings = []
    day = start
    while day < today:
        if day.weekday() in (1, 3):
            meeting = services.meeting_save(
                meeting=TableMeeting(
                    table=table, starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
                ),
                agencies_present=[a for a in agencies if rng.random() < 0.8],
            )
            meetings.append(meeting)
        day += dt.timedelta(days=1)
    risks = list(Factor.objects.filter(kind=Factor.Kind.RISK))
    protective = list(Factor.objects.filter(kind=Factor.Kind.PROTECTIVE))
    now = timezone.now()
    created = 0
    for index, meeting in enumerate(meetings):
        for _n in range(rng.choice([0, 1, 1, 2])):
            brought = timezone.localtime(meeting.starts_at).date() - dt.timedelta(days=rng.randint(0, 3))
            situation = services.situation_bring(
                situation=Situation(
                    table=table,
                    originating_agency=rng.choice(agencies),
                    brought_on=brought,
                    kind=rng.choice([Situation.Kind.PERSON] * 4 + [Situation.Kind.FAMILY, Situation.Kind.ENVIRONMENT]),
                    age_group=rng.choice(Situation.AgeGroup.values[:9]),
                    gender=rng.choice(
                        [Situation.Gender.FEMALE, Situation.Gender.MALE, Situation.Gender.TRANSGENDER_OTHER]
                    ),
                )
            )
            created += 1
            if index >= len(meetings) - 1 and rng.random() < 0.5:
                continue  # brought for the next meeting
            met = rng.random() < 0.8
            services.situation_present(
                situation=situation,
                meeting=meeting,
                threshold_met=met,
                not_met_reason="" if met else rng.choice(Situation.NotMetReason.values),
                risk_factors=rng.sample(risks, rng.randint(2, 5)) if met else [],
                protective_factors=rng.sample(protective, rng.randint(0, 2)) if met else [],
            )
            if not met:
                continue
            lead, *assisting = rng.sample(agencies, rng.randint(2, 4))
            services.situation_assign(situation=situation, lead_agency=lead, assisting_agencies=assisting)
            response = meeting.starts_at + dt.timedelta(hours=rng.choice([3, 6, 20, 26, 30, 44, 52, 70]))
            if response > now:
                continue
            services.situation_respond(
                situation=situation,
                first_response_at=response,
                services_mobilized=rng.sample(Situation.Service.values, rng.randint(1, 3)),
            )
            later = meetings[index + 1 : index + 5]
            for review_meeting in later[: rng.randint(0, 2)]:
                services.situation_review(situation=situation, meeting=review_meeting, outcome="continue")
            concluded = timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=rng.randint(7, 21))
            if concluded < today and rng.random() < 0.75:
                services.situation_conclude(
                    situation=situation,
                    concluded_on=concluded,
                    conclusion=rng.choice(
                        [Situation.Conclusion.LOWERED_CONNECTED] * 4
                        + [Situation.Conclusion.LOWERED_INFORMED, Situation.Conclusion.STILL_REFUSED]
                        + [Situation.Conclusion.STILL_OTHER]
                    ),
                )
    stdout.write(f"situations: 1 table, {len(meetings)} meetings, {created} situations created")
