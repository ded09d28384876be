"""Generator of partners, committees, representations, meetings and action items."""

from __future__ import annotations

import datetime as dt

from .base import Context, bulk, scaled
from .people import CITIES
from .programs import _ascii

PARTNER_KINDS = [
    ("Community Health Centre", "health"), ("Family Services", "social_services"), ("Youth Centre", "community_group"),
    ("Public Library", "municipal"), ("Recreation Department", "municipal"), ("Food Bank", "community_group"),
    ("Chamber of Commerce", "private"), ("Fire Services", "municipal"), ("Housing Corporation", "municipal"),
    ("Victim Services", "social_services"),
]  # fmt: skip
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30, "bimonthly": 61, "quarterly": 91, "as_needed": 120}
MEETING_LOCATIONS = [
    "City Hall, Room 201", "Police HQ, 2nd floor boardroom", "Public Health, Jackson Room", "Online (Teams)",
    "County building, council chambers", "Community Health Centre, meeting room",
]  # fmt: skip
MEETING_CANCEL_REASONS = ["Quorum not reached", "Chair unavailable; next meeting kept", "Snowstorm", "No agenda items"]
MEETING_NOTES = [
    "Minutes circulated by the chair.",
    "Round-table updates; minutes to follow.",
    "Reviewed the work plan and the action items.",
    "Guest presentation, then partner updates.",
]
# The demo's sample action items (committees/demo.py), plus two: the same list, in the same order, as before.
EXTRA_ACTIONS = [
    "Draft the letter of support for the grant application",
    "Collect partner data for the annual report",
]


def _generate_committees(ctx: Context) -> None:
    """Partners, 13 committees, who represented the service on each, 1,500 meetings and their action items.

    Committees (the demo's thirteen; "— County" copies above scale 1) started 2 to 13 years ago, a few have
    ended. Each meets at its cadence over its active period inside the ten years and up to three months ahead;
    the 1,500 meetings are shared in proportion to (active days / cadence). Representation: an officer liaison
    seat that changes hands every 2 to 4 years (or when the officer leaves the unit), and the coordinator on
    every second committee. Past meetings were held (minutes, attendees = the representatives) or cancelled
    with a reason; later ones are scheduled. A third of the held meetings leave action items, closed unless
    recent.
    """
    from committees.demo import ACTIONS, COMMITTEES, PARTNERS
    from committees.models import ActionItem, Committee, Meeting, Partner, Representation
    from schools.models import SchoolYear

    actions = [*ACTIONS, *EXTRA_ACTIONS]

    rng = ctx.rng
    today = ctx.today
    first_day = SchoolYear.bounds(ctx.first_year)[0]

    partners = []
    generated = [(f"{city} {kind}", type_) for kind, type_ in PARTNER_KINDS for city in CITIES]
    for index in range(scaled(40, ctx.scale, minimum=4)):
        if index < len(PARTNERS):
            name, type_, contact = PARTNERS[index]
        else:
            name, type_ = generated[(index - len(PARTNERS)) % len(generated)]
            round_ = (index - len(PARTNERS)) // len(generated)
            name, contact = name + (f" ({round_ + 1})" if round_ else ""), "Program manager"
        slug = "".join(c for c in _ascii(name) if c.isalnum())[:20]
        partners.append(
            Partner(
                name=name,
                type=type_,
                contact_name=contact,
                email=f"info@{slug}.example",
                phone=f"705-555-{rng.randint(1000, 9999)}",
                website=f"https://{slug}.example",
                active=rng.random() < 0.95,
            )
        )
    ctx.partners = bulk(Partner, partners)
    ctx.made["partners"] = len(ctx.partners)

    committees = []
    partner_links = []
    for index in range(scaled(13, ctx.scale, minimum=3)):
        name, purpose, pillar, area, cadence, partner_ix, years = COMMITTEES[index % len(COMMITTEES)]
        round_ = index // len(COMMITTEES)
        if round_:
            name += " — County" if round_ == 1 else f" — Region {round_}"
        active_from = SchoolYear.bounds(ctx.last_year - years - rng.randint(0, 3))[0] + dt.timedelta(
            days=rng.randint(0, 150)
        )
        active_to = None
        earliest_end = max(active_from + dt.timedelta(days=730), first_day + dt.timedelta(days=365))
        if rng.random() < 0.12 and earliest_end < today - dt.timedelta(days=60):
            active_to = earliest_end + dt.timedelta(days=rng.randint(0, (today - earliest_end).days - 60))
        committees.append(
            Committee(
                name=name,
                purpose=purpose,
                pillar=pillar,
                cswb_area=area,
                meeting_cadence=cadence,
                active_from=active_from,
                active_to=active_to,
            )
        )
        partner_links.append([i % len(ctx.partners) for i in partner_ix] + [rng.randrange(len(ctx.partners))])
    committees = bulk(Committee, committees)
    ctx.made["committees"] = len(committees)
    bulk(
        Committee.partners.through,
        (
            Committee.partners.through(committee_id=c.pk, partner_id=ctx.partners[i].pk)
            for c, links in zip(committees, partner_links, strict=True)
            for i in sorted(set(links))
        ),
    )

    # Representation periods: (committee, staff id, role, start, end or None).
    representations = []
    for index, committee in enumerate(committees):
        start = max(committee.active_from, first_day)
        stop = committee.active_to
        while stop is None or start <= stop:
            year = SchoolYear.containing(start)
            officer = rng.choice(ctx.in_service(year))
            leaves = SchoolYear.bounds(ctx.officer_service[officer.pk][1])[1]
            end = min(start + dt.timedelta(days=rng.randint(730, 1460)), leaves)
            if stop is not None and end >= stop:
                end = stop
            open_ended = end >= today and leaves >= SchoolYear.bounds(ctx.last_year)[1] and stop is None
            representations.append(
                Representation(
                    committee=committee,
                    staff_id=officer.pk,
                    role=Representation.Role.LIAISON,
                    start=start,
                    end=None if open_ended else end,
                )
            )
            if open_ended or end >= (stop or today):
                break
            start = end + dt.timedelta(days=1)
        if index % 2 == 0:
            representations.append(
                Representation(
                    committee=committee,
                    staff=ctx.coordinator,
                    role=Representation.Role.CHAIR if index % 6 == 0 else Representation.Role.MEMBER,
                    start=max(committee.active_from, first_day),
                    end=committee.active_to,
                )
            )
    ctx.made["representation periods"] = len(bulk(Representation, representations))
    reps_by_committee: dict[int, list] = {}
    for rep in representations:
        reps_by_committee.setdefault(rep.committee_id, []).append(rep)

    # Meetings, shared by (active days / cadence), evenly spaced with a little jitter, on weekdays.
    horizon = today + dt.timedelta(days=90)
    windows = []
    for committee in committees:
        start = max(committee.active_from, first_day)
        end = min(committee.active_to or horizon, horizon)
        windows.append((committee, start, end))
    weights = [max(1, (end - start).days) / CADENCE_DAYS.get(c.meeting_cadence, 60) for c, start, end in windows]
    shares = _shares(scaled(1_500, ctx.scale), weights)
    meetings = []
    for (committee, start, end), count in zip(windows, shares, strict=True):
        span = (end - start).days
        for k in range(count):
            day = start + dt.timedelta(days=min(span, max(0, round((k + 0.5) * span / count) + rng.randint(-2, 2))))
            day = _weekday_within(day, start, end)
            past = day < today
            roll = rng.random()
            status = Meeting.Status.SCHEDULED
            if past:
                status = Meeting.Status.CANCELLED if roll < 0.07 else Meeting.Status.HELD
            elif roll < 0.03:
                status = Meeting.Status.CANCELLED
            meetings.append(
                Meeting(
                    committee=committee,
                    starts_at=ctx.at(day, rng.choice([9, 10, 13, 14, 18]), rng.choice([0, 30])),
                    location=rng.choice(MEETING_LOCATIONS),
                    status=status,
                    cancel_reason=rng.choice(MEETING_CANCEL_REASONS) if status == Meeting.Status.CANCELLED else "",
                    notes=rng.choice(MEETING_NOTES) if status == Meeting.Status.HELD else "",
                    version=2 if past else 1,
                )
            )
    meetings.sort(key=lambda m: (m.starts_at, m.committee_id))
    meetings = bulk(Meeting, meetings)
    ctx.made["meetings"] = len(meetings)

    attendees, items = [], []
    for meeting in meetings:
        day = meeting.starts_at.date()
        present = [r.staff_id for r in reps_by_committee.get(meeting.committee_id, ()) if _rep_on(r, day)]
        if meeting.status != Meeting.Status.CANCELLED:
            for staff_id in dict.fromkeys(present):
                attendees.append(Meeting.attendees.through(meeting_id=meeting.pk, user_id=staff_id))
        if meeting.status != Meeting.Status.HELD or rng.random() > 0.33:
            continue
        for _ in range(rng.choice([1, 1, 2, 3])):
            owner = rng.choice(present) if present and rng.random() < 0.8 else None
            due_on = day + dt.timedelta(days=rng.randint(14, 60)) if rng.random() < 0.9 else None
            closed_on = None
            if due_on and due_on < today and rng.random() < 0.85:
                closed_on = min(today, day + dt.timedelta(days=rng.randint(7, (due_on - day).days + 20)))
            items.append(
                ActionItem(
                    committee_id=meeting.committee_id,
                    meeting=meeting,
                    description=rng.choice(actions),
                    owner_id=owner,
                    owner_text="" if owner else rng.choice(ctx.partners).name,
                    opened_on=day,
                    due_on=due_on,
                    closed_on=closed_on,
                    version=2 if closed_on else 1,
                )
            )
    bulk(Meeting.attendees.through, attendees)
    ctx.made["action items"] = len(bulk(ActionItem, items))


def _shares(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder method)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (shares[i] - raw[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _weekday_within(day: dt.date, start: dt.date, end: dt.date) -> dt.date:
    """`day` moved to a weekday (Monday after a weekend, or the Friday before when that passes `end`)."""
    if day.weekday() >= 5:
        after = day + dt.timedelta(days=7 - day.weekday())
        before = day - dt.timedelta(days=day.weekday() - 4)
        day = after if after <= end else before
    return min(max(day, start), end)


def _rep_on(rep, day: dt.date) -> bool:
    return rep.start <= day and (rep.end is None or day <= rep.end)


# --- events ---------------------------------------------------------------------------------------------
