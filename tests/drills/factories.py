"""Small builders for drill tests (dates are explicit so each test can derive its expectations by hand)."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from drills.models import Drill, DrillKind, DrillRequirement, DrillYearRule
from schools.models import Assignment, Board, School

TZ = ZoneInfo("America/Toronto")
_seq = itertools.count(1)


def at(year, month, day, hour=10, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=TZ)


def board(code="OCDSB") -> Board:
    return Board.objects.get_or_create(code=code, defaults={"name_en": f"{code} board"})[0]


def school(name=None, *, officer=None, active=True, since=dt.date(2020, 1, 1), board_code="OCDSB") -> School:
    n = next(_seq)
    obj = School.objects.create(
        name_en=name or f"School {n:04d}",
        board=board(board_code),
        category=School.Category.ELEMENTARY,
        active=active,
        external_id=f"T-{n}",
    )
    if officer is not None:
        Assignment.objects.create(school=obj, officer=officer, start=since)
    return obj


def kind(code="lockdown") -> DrillKind:
    # get_or_create: a transactional test elsewhere may have flushed the kinds the migration seeded. As seeded:
    # lockdowns are required (2 a year, 1 by the fall deadline), the other kinds are not.
    lockdown = code == "lockdown"
    return DrillKind.objects.get_or_create(
        code=code,
        defaults={
            "name_en": code.replace("-", " ").title(),
            "required_per_year": 2 if lockdown else 0,
            "required_by_fall": 1 if lockdown else 0,
        },
    )[0]


def saved_rule(year=2025, requirements=None, **fields) -> DrillYearRule:
    """A saved year rule (the defaults' dates unless `fields` say otherwise) with requirement rows
    {kind code: (required, required_by_fall)}."""
    rule = DrillYearRule.for_year(year)
    for name, value in fields.items():
        setattr(rule, name, value)
    rule.save()
    for code, (required, by_fall) in (requirements or {}).items():
        DrillRequirement.objects.create(rule=rule, kind=kind(code), required=required, required_by_fall=by_fall)
    return rule


def drill(school, officer, *, when, status="completed", kind_code="lockdown", **extra) -> Drill:
    """A drill row written directly (no service rules), for setting up compliance situations."""
    fields = {
        "school": school,
        "kind": kind(kind_code),
        "status": status,
        "scheduled_for": when,
        "occurs_on": when.astimezone(TZ).date(),
        "lead_officer": officer,
    }
    if status == "completed":
        fields.update(conducted_start=when, conducted_end=when + dt.timedelta(minutes=20))
    if status == "cancelled":
        fields["cancel_reason"] = "Storm"
    fields.update(extra)
    return Drill.objects.create(**fields)
