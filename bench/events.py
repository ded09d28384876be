"""Generator of events and awareness-week overrides."""

from __future__ import annotations

import datetime as dt

from .base import Context, bulk, scaled

AWARENESS_EVENTS = {
    "police-week": ["Police Week open house at headquarters", "Touch-a-truck at Millennium Park",
                    "Police Week school visit", "Memorial service for fallen officers"],
    "family-week": ["Family skate with officers", "Family fun day at the park", "Car seat clinic"],
    "week-without-violence": ["YWCA Week Without Violence walk", "Healthy relationships talk, grade 9",
                              "Purple ribbon campaign launch"],
    "crime-prevention-week": ["Lock it or lose it — mall display", "Seniors' fraud prevention session",
                              "Bike registration clinic", "Home security information booth"],
    "drug-awareness-week": ["Officers vs. high-school hockey game", "Vaping facts for parents",
                            "Naloxone awareness booth", "Drug awareness school assembly"],
}  # fmt: skip
OTHER_EVENTS = [
    ("community", ["Coffee with a Cop", "Community barbecue", "Neighbourhood walkabout", "Shred-it day"]),
    ("school", ["Bike rodeo", "Safety patrol appreciation day", "Grade 8 graduation", "Career day"]),
    ("forum", ["Newcomer know-your-police session", "Youth town hall", "Community safety forum"]),
    ("other", ["Charity run", "Toy drive", "Special Olympics torch run"]),
]
EVENT_PLACES = ["Millennium Park", "Lansdowne Place mall", "Police HQ", "Peterborough Memorial Centre",
                "Del Crary Park", "Public library, main branch", "Farmers' market"]  # fmt: skip
EVENT_CANCEL_REASONS = ["Weather", "Venue no longer available", "Too few registrations", "Officers redeployed"]


def _generate_events(ctx: Context) -> None:
    """3,000 events over the ten years and four months ahead; 30% during the awareness weeks.

    Awareness-week events fall inside their week's dates for that year (Drug Awareness Week is held locally in
    February from the fifth year on: one override per year, as a coordinator would enter it). The others are
    community, school, forum and other events on any day. Past events were held (attendance) or cancelled
    with a reason; later ones are planned. The lead is an officer in the unit that year or the coordinator,
    with up to three other staff and two partners.
    """
    from events.models import AwarenessWeek, AwarenessWeekOverride, Event
    from events.weeks import rule_dates
    from schools.models import SchoolYear

    rng = ctx.rng
    today = ctx.today
    first_day = SchoolYear.bounds(ctx.first_year)[0]
    horizon = today + dt.timedelta(days=120)
    weeks = list(AwarenessWeek.objects.order_by("code"))

    overrides = []
    drug_week = next((w for w in weeks if w.code == "drug-awareness-week"), None)
    if drug_week is not None:
        for year in range(ctx.first_year + 5, horizon.year + 1):
            february = dt.date(year, 2, 1)
            starts_on = february + dt.timedelta(days=(6 - february.weekday()) % 7 + 7)  # second Sunday
            overrides.append(
                AwarenessWeekOverride(
                    week=drug_week, year=year, starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=6)
                )
            )
    bulk(AwarenessWeekOverride, overrides)
    ctx.made["awareness week overrides"] = len(overrides)
    moved = {(o.week_id, o.year): (o.starts_on, o.ends_on) for o in overrides}
    occurrences = []
    for week in weeks:
        for year in range(first_day.year, horizon.year + 1):
            first, last = moved.get((week.pk, year)) or rule_dates(week.rule, year)
            if first >= first_day and last <= horizon:
                occurrences.append((week, first, last))
    occurrences.sort(key=lambda o: (o[1], o[0].code))

    total = scaled(3_000, ctx.scale)
    drafts = []  # (day, type, week or None, title, location)
    for index in range(round(total * 0.3) if occurrences else 0):
        week, first, last = occurrences[index % len(occurrences)]
        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        drafts.append((day, "awareness_week", week, rng.choice(AWARENESS_EVENTS.get(week.code, [week.name_en])),
                       rng.choice(EVENT_PLACES)))  # fmt: skip
    kinds = [k for k, _ in OTHER_EVENTS]
    titles = dict(OTHER_EVENTS)
    while len(drafts) < total:
        day = first_day + dt.timedelta(days=rng.randrange((horizon - first_day).days))
        if day.weekday() == 6 and rng.random() < 0.7:
            continue
        kind = rng.choices(kinds, weights=[45, 30, 15, 10])[0]
        if kind == "school":
            location = rng.choice(ctx.schools).name_en
        else:
            location = rng.choice(EVENT_PLACES + [p.name for p in ctx.partners[:8]])
        drafts.append((day, kind, None, rng.choice(titles[kind]), location))
    drafts.sort(key=lambda d: (d[0], d[3]))

    events, staff_rows, partner_rows = [], [], []
    for day, kind, week, title, location in drafts:
        hour = rng.choice([9, 10, 11, 13, 14, 16, 18, 19])
        starts_at = ctx.at(day, hour, rng.choice([0, 30]))
        ends_at = starts_at + dt.timedelta(hours=rng.randint(1, min(4, 22 - hour)))
        year = SchoolYear.containing(min(day, today))
        crew = ctx.in_service(year)
        lead = ctx.coordinator.pk if rng.random() < 0.2 else rng.choice(crew).pk
        expected = rng.choice([25, 40, 60, 100, 150, 250, 400])
        past = day < today
        roll = rng.random()
        status = Event.Status.PLANNED
        if past:
            status = Event.Status.CANCELLED if roll < 0.05 else Event.Status.HELD
        elif roll < 0.04:
            status = Event.Status.CANCELLED
        held = status == Event.Status.HELD
        events.append(
            Event(
                title=title,
                type=kind,
                awareness_week=week,
                starts_at=starts_at,
                ends_at=ends_at,
                location=location,
                lead_id=lead,
                expected_attendance=expected,
                actual_attendance=round(expected * rng.uniform(0.5, 1.3)) if held else None,
                description=f"Part of {week.name_en} {day.year}." if week else "",
                outcome_notes=rng.choice(["", "Good turnout.", "Rain kept numbers down."]) if held else "",
                status=status,
                cancel_reason=rng.choice(EVENT_CANCEL_REASONS) if status == Event.Status.CANCELLED else "",
                version=2 if past else 1,
            )
        )
        others = [o.pk for o in crew if o.pk != lead]
        staff_rows.append(rng.sample(others, min(len(others), rng.choice([0, 1, 1, 2, 3]))))
        partner_rows.append(rng.sample(ctx.partners, min(len(ctx.partners), rng.choice([0, 0, 1, 2]))))
    events = bulk(Event, events)
    bulk(
        Event.staff.through,
        (
            Event.staff.through(event_id=e.pk, user_id=user_id)
            for e, ids in zip(events, staff_rows, strict=True)
            for user_id in ids
        ),
    )
    bulk(
        Event.partners.through,
        (
            Event.partners.through(event_id=e.pk, partner_id=p.pk)
            for e, chosen in zip(events, partner_rows, strict=True)
            for p in chosen
        ),
    )
    ctx.made["events"] = len(events)
