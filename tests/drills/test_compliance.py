import datetime as dt

import pytest

from drills.models import DrillKind, DrillRequirement, DrillYearRule
from drills.selectors import (
    Status,
    compliance_rows,
    compliance_status,
    effective_requirements,
    effective_rule,
    required_kind_ids,
    school_year_of,
)
from tests.drills.factories import at, drill, kind, saved_rule, school

D = dt.date


def rule_2025(**overrides) -> DrillYearRule:
    # Defaults: year 2025-09-01..2026-08-31, 1 by 2025-12-20, 2 by 2026-06-30, warn 30 days ahead.
    rule = DrillYearRule.for_year(2025)
    for name, value in overrides.items():
        setattr(rule, name, value)
    return rule


def status(today, completed=0, by_fall=0, by_spring=0, required=2, required_by_fall=1, **rule):
    return compliance_status(
        rule=rule_2025(**rule),
        today=today,
        required=required,
        required_by_fall=required_by_fall,
        completed=completed,
        upcoming_by_fall=by_fall,
        upcoming_by_spring=by_spring,
    )


def test_default_rule_for_a_year_without_a_row():
    rule = DrillYearRule.for_year(2025)
    assert (rule.starts_on, rule.ends_on) == (D(2025, 9, 1), D(2026, 8, 31))
    assert (rule.fall_deadline, rule.spring_deadline) == (D(2025, 12, 20), D(2026, 6, 30))
    assert rule.lead_days == [30, 7]
    assert rule.pk is None


@pytest.mark.django_db
def test_effective_rule_prefers_the_saved_row():
    lockdown = kind("lockdown")
    saved_rule(
        2025,
        {"lockdown": (3, 1)},
        starts_on=D(2025, 9, 2),
        ends_on=D(2026, 6, 30),
        fall_deadline=D(2026, 1, 31),
        spring_deadline=D(2026, 6, 15),
    )
    rule = effective_rule(2025)
    assert (rule.pk is not None, rule.fall_deadline) == (True, D(2026, 1, 31))
    assert rule.effective_requirements[lockdown.pk].required == 3
    other = effective_rule(2026)
    assert other.pk is None
    assert other.effective_requirements[lockdown.pk].required == 2


@pytest.mark.parametrize(
    "kwargs,expected",
    [
        # Early in the year, nothing done, nothing booked, fall deadline 96 days away -> not scheduled.
        ({"today": D(2025, 9, 15)}, (Status.NOT_SCHEDULED, D(2025, 12, 20))),
        # Same but one booked before the fall deadline -> on track.
        ({"today": D(2025, 9, 15), "by_fall": 1, "by_spring": 1}, (Status.ON_TRACK, D(2025, 12, 20))),
        # 2025-11-20 is 30 days before 2025-12-20: inside the window -> due soon.
        ({"today": D(2025, 11, 20)}, (Status.DUE_SOON, D(2025, 12, 20))),
        # 31 days before -> still not scheduled.
        ({"today": D(2025, 11, 19)}, (Status.NOT_SCHEDULED, D(2025, 12, 20))),
        # The day after the fall deadline with none done -> overdue against the fall deadline.
        ({"today": D(2025, 12, 21)}, (Status.OVERDUE, D(2025, 12, 20))),
        # On the fall deadline itself, still due soon (not overdue).
        ({"today": D(2025, 12, 20)}, (Status.DUE_SOON, D(2025, 12, 20))),
        # Fall met; measured against spring; nothing booked, June 30 is >30 days away -> not scheduled.
        ({"today": D(2026, 1, 10), "completed": 1}, (Status.NOT_SCHEDULED, D(2026, 6, 30))),
        ({"today": D(2026, 1, 10), "completed": 1, "by_spring": 1}, (Status.ON_TRACK, D(2026, 6, 30))),
        ({"today": D(2026, 6, 1), "completed": 1}, (Status.DUE_SOON, D(2026, 6, 30))),
        # A late catch-up counts: one done in January clears the fall shortfall.
        ({"today": D(2026, 2, 1), "completed": 1, "by_spring": 1}, (Status.ON_TRACK, D(2026, 6, 30))),
        # After the spring deadline with 1 of 2 -> overdue against spring.
        ({"today": D(2026, 7, 1), "completed": 1}, (Status.OVERDUE, D(2026, 6, 30))),
        # Two done -> compliant even in the fall.
        ({"today": D(2025, 10, 1), "completed": 2}, (Status.COMPLIANT, D(2026, 6, 30))),
        # Fall met early, one booked in spring -> on track.
        ({"today": D(2025, 10, 1), "completed": 1, "by_spring": 1}, (Status.ON_TRACK, D(2026, 6, 30))),
    ],
)
def test_status_definition(kwargs, expected):
    assert status(**kwargs) == expected


def test_term_split_is_a_setting():
    # Two required by the fall deadline: one done is not enough after it.
    assert status(D(2025, 12, 21), completed=1, required_by_fall=2)[0] == Status.OVERDUE
    assert status(D(2025, 12, 21), completed=1, required_by_fall=1)[0] == Status.NOT_SCHEDULED
    # None by the fall deadline: nothing is overdue before spring.
    assert status(D(2026, 1, 5), completed=0, required=1, required_by_fall=0) == (
        Status.NOT_SCHEDULED,
        D(2026, 6, 30),
    )
    # The count is a parameter: three required, two done is not compliant; nothing required is always compliant.
    assert status(D(2025, 10, 1), completed=2, required=3)[0] == Status.NOT_SCHEDULED
    assert status(D(2026, 7, 1), completed=0, required=0, required_by_fall=0)[0] == Status.COMPLIANT


@pytest.mark.django_db
def test_rows_count_only_lockdowns_inside_the_year_and_not_cancelled(officer):
    s = school("Alpha", officer=officer)
    drill(s, officer, when=at(2025, 8, 31, 11))  # previous school year
    drill(s, officer, when=at(2025, 9, 1, 9))  # first day: counts
    drill(s, officer, when=at(2025, 10, 1), status="cancelled")  # ignored
    drill(s, officer, when=at(2025, 10, 2), kind_code="hold-and-secure")  # other kind, ignored
    drill(s, officer, when=at(2025, 10, 3), kind_code="shelter-in-place")
    drill(s, officer, when=at(2026, 9, 1, 9))  # next school year
    rows = compliance_rows(year=2025, today=D(2025, 10, 15))
    assert len(rows) == 1
    row = rows[0]
    assert row.completed == 1
    assert row.last_completed == D(2025, 9, 1)
    assert row.next_scheduled is None
    assert row.status == Status.NOT_SCHEDULED
    assert row.officer_name == "Officer_A"


@pytest.mark.django_db
def test_rows_next_scheduled_ignores_stale_and_cancelled(officer):
    s = school("Beta", officer=officer)
    drill(s, officer, when=at(2025, 10, 1), status="scheduled")  # before today, never logged: stale
    drill(s, officer, when=at(2025, 11, 5), status="cancelled")
    drill(s, officer, when=at(2025, 11, 20, 13), status="scheduled")
    drill(s, officer, when=at(2026, 3, 2, 13), status="scheduled")
    row = compliance_rows(year=2025, today=D(2025, 10, 15))[0]
    assert row.next_scheduled == at(2025, 11, 20, 13)
    assert row.completed == 0
    assert row.status == Status.ON_TRACK


@pytest.mark.django_db
def test_rows_cover_active_schools_only_and_filter(officer, other_officer):
    a = school("Alpha", officer=officer)
    school("Closed", officer=officer, active=False)
    b = school("Gamma", officer=other_officer, board_code="OCSB")
    drill(a, officer, when=at(2025, 9, 20))
    drill(a, officer, when=at(2025, 10, 1))
    rows = compliance_rows(year=2025, today=D(2025, 10, 15))
    assert [(r.school_name, r.status) for r in rows] == [("Alpha", Status.COMPLIANT), ("Gamma", Status.NOT_SCHEDULED)]
    assert [r.school_id for r in compliance_rows(year=2025, today=D(2025, 10, 15), officer_id=other_officer.pk)] == [
        b.pk
    ]
    assert [r.school_id for r in compliance_rows(year=2025, today=D(2025, 10, 15), board_id=b.board_id)] == [b.pk]
    assert [r.school_id for r in compliance_rows(year=2025, today=D(2025, 10, 15), status=Status.COMPLIANT)] == [a.pk]


@pytest.mark.django_db
def test_compliance_uses_a_saved_rule_with_other_dates(officer):
    DrillYearRule.objects.create(
        school_year=2025,
        starts_on=D(2025, 8, 25),
        ends_on=D(2026, 6, 26),
        fall_deadline=D(2025, 11, 30),
        spring_deadline=D(2026, 6, 1),
    )
    s = school("Delta", officer=officer)
    drill(s, officer, when=at(2025, 8, 26))  # inside this board's year (starts Aug 25)
    drill(s, officer, when=at(2026, 6, 29))  # after its end: not counted
    row = compliance_rows(year=2025, today=D(2025, 12, 1))[0]
    assert row.completed == 1
    assert row.status == Status.NOT_SCHEDULED
    assert row.deadline == D(2026, 6, 1)


@pytest.mark.django_db
def test_compliance_query_count_is_fixed(officer, django_assert_num_queries):
    for i in range(3):
        s = school(officer=officer)
        drill(s, officer, when=at(2025, 9, 10 + i))
    # Rule, requirements, schools, aggregates per school and kind, officer names.
    with django_assert_num_queries(6):
        assert len(compliance_rows(year=2025, today=D(2025, 10, 1))) == 3
    for _ in range(30):
        s = school(officer=officer)
        drill(s, officer, when=at(2025, 9, 10))
        drill(s, officer, when=at(2025, 11, 10), status="scheduled")
    with django_assert_num_queries(6):
        assert len(compliance_rows(year=2025, today=D(2025, 10, 1))) == 33
    # A rule from effective_rule carries its requirements: 3 more.
    rule = effective_rule(2025)
    with django_assert_num_queries(4):
        assert len(compliance_rows(year=2025, today=D(2025, 10, 1), rule=rule)) == 33


@pytest.mark.django_db
def test_school_year_of_limits():
    today = D(2026, 10, 15)
    assert school_year_of(D(2026, 9, 1), today=today) == 2026
    assert school_year_of(D(2026, 8, 31), today=today) == 2025
    assert school_year_of(D(2025, 9, 1), today=today) == 2025  # no rules: previous year allowed
    assert school_year_of(D(2025, 8, 31), today=today) is None  # before that
    assert school_year_of(D(2027, 10, 15), today=today) == 2027  # exactly 365 days ahead
    assert school_year_of(D(2027, 10, 16), today=today) is None  # more than a year ahead


# --- Requirements per kind (issue 4) -------------------------------------------------------------------


def _two_kinds_2025():
    """2025-26 requires 2 Lockdown (1 by the fall deadline 2025-12-20) and 1 Hold and Secure (0 by the fall)."""
    return saved_rule(2025, {"lockdown": (2, 1), "hold-and-secure": (1, 0)})


def _required(year) -> dict:
    """{kind id: (required, by fall)} of `year`; the subquery form (required_kind_ids) must name the same kinds."""
    found = {k: (r.required, r.required_by_fall) for k, r in effective_requirements(year).items()}
    assert set(DrillKind.objects.filter(pk__in=required_kind_ids(year)).values_list("pk", flat=True)) == set(found)
    return found


def _parts(row) -> dict:
    return {p.kind.code: (p.completed, p.required, p.status) for p in row.parts}


@pytest.mark.django_db
def test_every_required_kind_must_be_met(officer):
    _two_kinds_2025()
    only_lockdowns = school("Alpha", officer=officer)
    both = school("Beta", officer=officer)
    for s in (only_lockdowns, both):
        drill(s, officer, when=at(2025, 9, 20))
        drill(s, officer, when=at(2025, 10, 1))
    drill(both, officer, when=at(2025, 10, 2), kind_code="hold-and-secure")
    alpha, beta = compliance_rows(year=2025, today=D(2025, 10, 15))
    assert (alpha.school_name, alpha.status, alpha.completed, alpha.required) == ("Alpha", Status.NOT_SCHEDULED, 2, 3)
    assert alpha.deadline == D(2026, 6, 30)  # Hold and Secure: none due by the fall, so measured against spring
    assert _parts(alpha) == {
        "lockdown": (2, 2, Status.COMPLIANT),
        "hold-and-secure": (0, 1, Status.NOT_SCHEDULED),
    }
    assert [p.kind.code for p in alpha.parts_behind] == ["hold-and-secure"]
    assert (beta.status, beta.completed, beta.required) == (Status.COMPLIANT, 3, 3)
    # A scheduled Hold and Secure puts Alpha on track.
    drill(only_lockdowns, officer, when=at(2026, 3, 2, 13), status="scheduled", kind_code="hold-and-secure")
    alpha = compliance_rows(year=2025, today=D(2025, 10, 15))[0]
    assert (alpha.status, alpha.next_scheduled) == (Status.ON_TRACK, at(2026, 3, 2, 13))


@pytest.mark.django_db
def test_fall_split_is_per_kind(officer):
    saved_rule(2025, {"lockdown": (2, 1), "hold-and-secure": (1, 1)})
    lockdowns_only = school("Alpha", officer=officer)
    hold_only = school("Beta", officer=officer)
    on_time = school("Gamma", officer=officer)
    drill(lockdowns_only, officer, when=at(2025, 10, 1))
    drill(hold_only, officer, when=at(2025, 10, 1), kind_code="hold-and-secure")
    drill(on_time, officer, when=at(2025, 10, 1))
    drill(on_time, officer, when=at(2025, 10, 8), kind_code="hold-and-secure")
    rows = {r.school_name: r for r in compliance_rows(year=2025, today=D(2025, 12, 21))}
    # The day after the fall deadline: each kind's fall share is checked on its own.
    assert (rows["Alpha"].status, rows["Alpha"].deadline) == (Status.OVERDUE, D(2025, 12, 20))
    assert _parts(rows["Alpha"])["hold-and-secure"] == (0, 1, Status.OVERDUE)
    assert _parts(rows["Alpha"])["lockdown"] == (1, 2, Status.NOT_SCHEDULED)
    assert (rows["Beta"].status, rows["Beta"].deadline) == (Status.OVERDUE, D(2025, 12, 20))
    assert _parts(rows["Beta"])["lockdown"] == (0, 2, Status.OVERDUE)
    # Gamma met both fall shares; its second lockdown is due by spring.
    assert (rows["Gamma"].status, rows["Gamma"].deadline) == (Status.NOT_SCHEDULED, D(2026, 6, 30))
    assert rows["Gamma"].completed == 2 and rows["Gamma"].required == 3


@pytest.mark.django_db
def test_kinds_not_required_that_year_do_not_count(officer):
    s = school("Alpha", officer=officer)
    drill(s, officer, when=at(2025, 9, 20))
    for day in (1, 2, 3):
        drill(s, officer, when=at(2025, 10, day), kind_code="hold-and-secure")
    drill(s, officer, when=at(2026, 9, 20))
    drill(s, officer, when=at(2026, 9, 21))
    drill(s, officer, when=at(2026, 10, 1), kind_code="hold-and-secure")
    # 2025: no saved rule, the kinds' defaults: lockdowns only (Hold and Secure drills count for nothing).
    row = compliance_rows(year=2025, today=D(2025, 10, 15))[0]
    assert (row.completed, row.required, row.last_completed) == (1, 2, D(2025, 9, 20))
    assert [p.kind.code for p in row.parts] == ["lockdown"]
    # 2026: the saved rule requires one Hold and Secure and no lockdown: the two lockdowns count for nothing.
    saved_rule(2026, {"lockdown": (0, 0), "hold-and-secure": (1, 0)})
    row = compliance_rows(year=2026, today=D(2026, 10, 15))[0]
    assert (row.status, row.completed, row.required, row.last_completed) == (Status.COMPLIANT, 1, 1, D(2026, 10, 1))
    assert [p.kind.code for p in row.parts] == ["hold-and-secure"]
    # More drills than required do not make up for a missing kind.
    saved_rule(2027, {"lockdown": (1, 0), "hold-and-secure": (1, 0)})
    s2 = school("Beta", officer=officer)
    for day in (1, 2, 3):
        drill(s2, officer, when=at(2027, 10, day))
    row = compliance_rows(year=2027, today=D(2027, 10, 15), school_ids=[s2.pk])[0]
    assert (row.status, row.completed, row.required) == (Status.NOT_SCHEDULED, 1, 2)


@pytest.mark.django_db
def test_a_rule_without_rows_uses_the_kinds_defaults():
    lockdown, hold = kind("lockdown"), kind("hold-and-secure")
    saved_rule(2025)  # dates saved, no requirement rows
    assert _required(2025) == {lockdown.pk: (2, 1)}
    DrillKind.objects.filter(pk=hold.pk).update(required_per_year=1, required_by_fall=0)
    assert _required(2025) == {lockdown.pk: (2, 1), hold.pk: (1, 0)}
    # An inactive kind's defaults do not apply.
    DrillKind.objects.filter(pk=hold.pk).update(active=False)
    assert _required(2025) == {lockdown.pk: (2, 1)}


@pytest.mark.django_db
def test_a_saved_rule_overrides_the_defaults(officer):
    lockdown, hold = kind("lockdown"), kind("hold-and-secure")
    saved_rule(2025, {"lockdown": (1, 0), "hold-and-secure": (0, 0)})
    DrillKind.objects.filter(pk=hold.pk).update(required_per_year=3, required_by_fall=1)  # later default change
    assert _required(2025) == {lockdown.pk: (1, 0)}
    assert set(_required(2026)) == {lockdown.pk, hold.pk}  # no saved rule: the defaults
    s = school("Alpha", officer=officer)
    drill(s, officer, when=at(2026, 3, 1))
    row = compliance_rows(year=2025, today=D(2026, 3, 15))[0]
    assert (row.status, row.completed, row.required) == (Status.COMPLIANT, 1, 1)
    # A row keeps an inactive kind required in its year.
    DrillKind.objects.filter(pk=lockdown.pk).update(active=False)
    assert _required(2025) == {lockdown.pk: (1, 0)}


@pytest.mark.django_db
def test_a_year_requiring_nothing_is_compliant(officer):
    saved_rule(2025, {"lockdown": (0, 0)})
    school("Alpha", officer=officer)
    row = compliance_rows(year=2025, today=D(2026, 7, 1))[0]
    assert (row.status, row.completed, row.required, row.parts) == (Status.COMPLIANT, 0, 0, [])


@pytest.mark.django_db
def test_requirement_rows_are_checked_by_the_database():
    from django.db import IntegrityError, transaction

    rule = saved_rule(2025, {"lockdown": (2, 1)})
    with pytest.raises(IntegrityError), transaction.atomic():
        DrillRequirement.objects.create(rule=rule, kind=kind("lockdown"), required=1, required_by_fall=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        DrillRequirement.objects.create(rule=rule, kind=kind("hold-and-secure"), required=1, required_by_fall=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        DrillKind.objects.filter(code="lockdown").update(required_by_fall=3)


@pytest.mark.django_db
def test_query_count_with_two_kinds_does_not_grow(officer, django_assert_num_queries):
    _two_kinds_2025()
    for i in range(3):
        s = school(officer=officer)
        drill(s, officer, when=at(2025, 9, 10 + i))
        drill(s, officer, when=at(2025, 9, 20 + i), kind_code="hold-and-secure")
    with django_assert_num_queries(6):
        assert len(compliance_rows(year=2025, today=D(2025, 10, 1))) == 3
    for _ in range(30):
        s = school(officer=officer)
        drill(s, officer, when=at(2025, 9, 10))
        drill(s, officer, when=at(2025, 11, 10), status="scheduled", kind_code="hold-and-secure")
    with django_assert_num_queries(6):
        rows = compliance_rows(year=2025, today=D(2025, 10, 1))
    assert len(rows) == 33
    # Each has one lockdown of two and nothing booked: not scheduled, whatever the Hold and Secure state.
    assert {r.status for r in rows} == {Status.NOT_SCHEDULED}
    assert sorted({_parts(r)["hold-and-secure"][2] for r in rows}) == [Status.COMPLIANT, Status.ON_TRACK]
