"""Demo events: each awareness week of the current and previous year, plus community events. Idempotent."""

import datetime as dt
import random

from django.utils import timezone

from accounts.models import Role, User
from committees.models import Partner

from .models import AwarenessWeek, AwarenessWeekOverride, Event
from .services import week_dates

EVENTS = {
    "police-week": [
        ("Police Week open house at headquarters", 10, 3, 400),
        ("Touch-a-truck at Millennium Park", 1, 2, 250),
    ],
    "family-week": [("Family skate with officers", 2, 2, 120)],
    "week-without-violence": [
        ("YWCA Week Without Violence walk", 3, 2, 150),
        ("Healthy relationships talk, grade 9", 4, 1, 60),
    ],
    "crime-prevention-week": [
        ("Lock it or lose it — mall display", 3, 4, 300),
        ("Seniors' fraud prevention session", 5, 2, 45),
    ],
    "drug-awareness-week": [
        ("Officers vs. high-school hockey game", 4, 3, 500),
        ("Vaping facts for parents", 2, 2, 70),
    ],
}
COMMUNITY = [
    ("Coffee with a Cop — downtown", Event.Type.COMMUNITY, "Black Honey Café"),
    ("Newcomer know-your-police session", Event.Type.FORUM, "New Canadians Centre"),
    ("Bike rodeo", Event.Type.SCHOOL, "Queen Mary Public School"),
]


def seed(*, stdout) -> None:
    rng = random.Random(7)  # noqa: S311 - demo data only
    today = timezone.localdate()
    staff = list(User.objects.filter(role__in=[Role.OFFICER, Role.COORDINATOR]).order_by("username"))
    partners = list(Partner.objects.order_by("name")[:6])
    drug_week = AwarenessWeek.objects.filter(code="drug-awareness-week").first()
    if drug_week:
        # Local practice: Peterborough holds Drug Awareness Week in February.
        year = today.year
        first = dt.date(year, 2, 1) + dt.timedelta(days=(6 - dt.date(year, 2, 1).weekday()) % 7 + 7)
        AwarenessWeekOverride.objects.get_or_create(
            week=drug_week, year=year, defaults={"starts_on": first, "ends_on": first + dt.timedelta(days=6)}
        )
    created = 0
    for week in AwarenessWeek.objects.all():
        for year in (today.year - 1, today.year):
            first, _last = week_dates(week, year)
            for title, day_offset, hours, expected in EVENTS.get(week.code, []):
                day = first + dt.timedelta(days=min(day_offset, 6))
                starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10 + (len(title) + year) % 7, 0)))
                held = day < today
                event, was_created = Event.objects.get_or_create(
                    title=title,
                    awareness_week=week,
                    starts_at=starts,
                    defaults={
                        "type": Event.Type.AWARENESS_WEEK,
                        "ends_at": starts + dt.timedelta(hours=hours),
                        "location": "Peterborough",
                        "lead": rng.choice(staff) if staff else None,
                        "expected_attendance": expected,
                        "actual_attendance": int(expected * rng.uniform(0.6, 1.2)) if held else None,
                        "status": Event.Status.HELD if held else Event.Status.PLANNED,
                        "description": f"Part of {week.name_en} {year}.",
                    },
                )
                if was_created:
                    created += 1
                    event.staff.set(rng.sample(staff, k=min(2, len(staff))))
                    event.partners.set(rng.sample(partners, k=min(2, len(partners))))
    for index, (title, kind, location) in enumerate(COMMUNITY):
        for month_offset in (-60, 10, 40):
            day = today + dt.timedelta(days=month_offset + index * 3)
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
            event, was_created = Event.objects.get_or_create(
                title=title,
                starts_at=starts,
                defaults={
                    "type": kind,
                    "ends_at": starts + dt.timedelta(hours=2),
                    "location": location,
                    "lead": staff[index % len(staff)] if staff else None,
                    "expected_attendance": 30,
                    "status": Event.Status.HELD if day < today else Event.Status.PLANNED,
                },
            )
            created += int(was_created)
    stdout.write(f"events: {created} events created")
