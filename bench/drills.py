"""Generator of drill year rules, drills and follow-up actions."""

from __future__ import annotations

import bisect
import datetime as dt
import functools

from .base import Context, bulk, scaled


def _term_date(year: int, month: int, day: int) -> dt.date:
    """The (month, day) that falls in school year `year` (September..December in `year`, the rest after)."""
    return dt.date(year if month >= 8 else year + 1, month, day)


@functools.cache
def _school_days(year: int, first: tuple[int, int] = (9, 3), last: tuple[int, int] = (6, 26)) -> tuple:
    """Weekdays with classes in school year `year` from `first` to `last` (month, day): no winter break
    (December 21 to January 4) and no March break (the week of the second Monday of March)."""
    from schools.models import SchoolYear

    start, end = SchoolYear.bounds(year)
    day = max(start, _term_date(year, *first))
    end = min(end, _term_date(year, *last))
    march = dt.date(year + 1, 3, 1)
    march_break = march + dt.timedelta(days=(7 - march.weekday()) % 7 + 7)
    days = []
    while day <= end:
        winter = (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 4)
        if day.weekday() < 5 and not winter and not (march_break <= day < march_break + dt.timedelta(days=5)):
            days.append(day)
        day += dt.timedelta(days=1)
    return tuple(days)


@functools.cache
def _school_day_set(year: int) -> frozenset:
    return frozenset(_school_days(year))


def _days_before(days: tuple, today: dt.date) -> tuple:
    return days[: bisect.bisect_left(days, today)]


# --- drills ---------------------------------------------------------------------------------------------

FALL_DRILLS = ((9, 15), (12, 18))  # before the fall deadline (December 20)
SPRING_DRILLS = ((2, 1), (6, 19))  # before the spring deadline (June 30)
OTHER_DRILL_WEIGHTS = {"hold-and-secure": 40, "shelter-in-place": 25, "clear-the-halls": 20, "bomb-threat": 15}
DRILL_TIMES = [(9, 0), (9, 30), (10, 0), (10, 15), (10, 30), (11, 0), (13, 0), (13, 30), (14, 0), (14, 15)]
DRILL_PROBLEMS = [
    "Portable 3 door would not lock from the inside.",
    "PA announcement not heard in the gym.",
    "Two classrooms left the window coverings open.",
    "Library door propped open; staff unsure who locks it.",
    "Students in the washrooms during the drill were not accounted for.",
    "Supply teacher had no lockdown procedure in the day plan.",
    "Classroom light visible from the hallway window.",
    "Exterior door by the gym did not latch.",
]
DRILL_DEBRIEFS = [
    "Debrief held with the principal and office staff.",
    "Debrief with the principal; results shared at the staff meeting.",
    "Short debrief with the vice-principal and the head custodian.",
    "Debrief with the safe schools team.",
]
DRILL_CANCEL_REASONS = [
    "School closed: snow day",
    "Officer called to an emergency",
    "Principal asked to move it: exams",
    "Power outage at the school",
    "Bus cancellations, half the students absent",
]
FOLLOWUPS = [
    ("Have the door hardware repaired and re-test the lock.", "Head custodian"),
    ("Test the PA speakers in the gym and the portables.", "Principal"),
    ("Review the lockdown procedure with all staff, supply teachers included.", "Vice-principal"),
    ("Install window coverings in the rooms that lacked them.", "Board facilities"),
    ("Add the lockdown procedure to the supply teacher folder.", "Office administrator"),
]
FOLLOWUP_RESOLUTIONS = [
    "Repaired and re-tested with the officer.",
    "Done; checked at the next drill.",
    "Completed by the board's facilities staff.",
    "Reviewed at the staff meeting.",
]


def _generate_drills(ctx: Context) -> None:
    """Ten years of drills: about two lockdowns per school and school year, plus other kinds.

    Each open school year of each school gets a fall lockdown (by the fall deadline) and a spring one; drills
    after `today` are scheduled only when the officer has booked them (most in the next month, fewer later:
    the compliance board shows every status). The lockdown count is then made exact: missed drills (dropped)
    or an extra spring lockdown after problems. The lead officer is the school's officer that year, or (6%)
    another officer covering. Past drills are mostly completed, some cancelled, a few never logged; drills
    with problems get follow-up actions, resolved unless recent. One DrillYearRule per school year (the
    defaults) lets the drills services accept every date of the ten years.
    """
    from drills.models import Drill, DrillKind, DrillYearRule, FollowUpAction
    from schools.models import School, SchoolYear

    rng = ctx.rng
    today = ctx.today
    kinds = list(DrillKind.objects.filter(active=True).order_by("code"))
    lockdown = next((k for k in kinds if k.code == "lockdown"), None)
    if lockdown is None:
        raise RuntimeError("No active 'lockdown' drill kind: run the migrations first.")
    others = [k for k in kinds if not k.required_per_year]
    other_weights = [OTHER_DRILL_WEIGHTS.get(k.code, 10) for k in others]
    ctx.made["drill year rules"] = len(bulk(DrillYearRule, (DrillYearRule.for_year(y) for y in ctx.years)))

    slots = ctx.school_years()
    plan = []  # (day, school, school's officer id, kind)
    for school, year, officer_id in slots:
        for window in (FALL_DRILLS, SPRING_DRILLS):
            day = rng.choice(_school_days(year, *window))
            if day >= today and rng.random() > (0.9 if (day - today).days <= 30 else 0.55):
                continue  # not booked yet
            plan.append((day, school, officer_id, lockdown))
    target = scaled(16_000, ctx.scale)
    if len(plan) > target:  # missed drills: the school was overdue that year
        past = [i for i, p in enumerate(plan) if p[0] < today]
        dropped = set(rng.sample(past, min(len(past), len(plan) - target)))
        plan = [p for i, p in enumerate(plan) if i not in dropped]
    earlier = [s for s in slots if s[1] < ctx.last_year]
    while len(plan) < target and earlier:  # an extra lockdown in the spring, after a drill that found problems
        school, year, officer_id = rng.choice(earlier)
        days = _days_before(_school_days(year, *SPRING_DRILLS), today)
        if days:
            plan.append((rng.choice(days), school, officer_id, lockdown))
    for _ in range(scaled(4_000, ctx.scale) if others else 0):
        school, year, officer_id = rng.choice(slots)
        plan.append(
            (rng.choice(_school_days(year, (9, 10))), school, officer_id, rng.choices(others, other_weights)[0])
        )
    plan.sort(key=lambda p: (p[0], p[1].pk, p[3].code))

    big = (School.Category.SECONDARY, School.Category.ELEMENTARY_SECONDARY)
    drills = []
    for day, school, officer_id, kind in plan:
        year = SchoolYear.containing(day)
        lead, covering = officer_id, False
        if rng.random() < 0.06:
            cover = [o.pk for o in ctx.in_service(year) if o.pk != officer_id]
            if cover:
                lead, covering = rng.choice(cover), True
        scheduled_for = ctx.at(day, *rng.choice(DRILL_TIMES))
        drill = Drill(
            school=school,
            kind=kind,
            scheduled_for=scheduled_for,
            occurs_on=day,
            announced=rng.random() < (0.55 if kind is lockdown else 0.8),
            lead_officer_id=lead,
            covering=covering,
            created_by_id=lead,
        )
        roll = rng.random()
        if day >= today:
            if roll < 0.02:
                drill.status, drill.cancel_reason, drill.version = "cancelled", rng.choice(DRILL_CANCEL_REASONS), 2
        elif roll < 0.035:
            drill.status, drill.cancel_reason, drill.version = "cancelled", rng.choice(DRILL_CANCEL_REASONS), 2
        elif roll < 0.045:
            pass  # booked, never logged: the compliance board ignores it
        else:
            students = rng.randint(350, 1600) if school.category in big else rng.randint(60, 650)
            problems = rng.random() < 0.09
            drill.status = Drill.Status.COMPLETED
            drill.version = 2 if rng.random() < 0.85 else 1  # scheduled then logged, or logged straight away
            drill.conducted_start = scheduled_for + dt.timedelta(minutes=rng.choice([0, 0, 0, 5, 10]))
            drill.conducted_end = drill.conducted_start + dt.timedelta(minutes=rng.randint(8, 35))
            drill.time_to_secure = rng.randint(40, 300)
            drill.students_count = students
            drill.staff_count = max(6, students // rng.randint(11, 17))
            drill.problems_found = rng.choice(DRILL_PROBLEMS) if problems else ""
            drill.debrief_notes = rng.choice(DRILL_DEBRIEFS)
            drill.outcome = Drill.Outcome.FOLLOW_UP if problems else Drill.Outcome.SATISFACTORY
        drills.append(drill)
    drills = bulk(Drill, drills)
    ctx.made["lockdown drills"] = sum(d.kind_id == lockdown.pk for d in drills)
    ctx.made["drills of other kinds"] = len(drills) - ctx.made["lockdown drills"]

    followups = []
    for drill in drills:
        if drill.outcome != Drill.Outcome.FOLLOW_UP:
            continue
        for description, owner in rng.sample(FOLLOWUPS, rng.choice([1, 1, 1, 2])):
            due_on = drill.occurs_on + dt.timedelta(days=rng.randint(14, 60))
            action = FollowUpAction(
                drill=drill, description=description, owner=owner, due_on=due_on, created_by_id=drill.lead_officer_id
            )
            if due_on < today and rng.random() < 0.88:
                latest = min(today, due_on + dt.timedelta(days=30))
                action.resolved_on = drill.occurs_on + dt.timedelta(
                    days=rng.randint(3, (latest - drill.occurs_on).days)
                )
                action.resolution = rng.choice(FOLLOWUP_RESOLUTIONS)
                action.version = 2
            followups.append(action)
    ctx.made["follow-up actions"] = len(bulk(FollowUpAction, followups))


# --- programs -------------------------------------------------------------------------------------------
