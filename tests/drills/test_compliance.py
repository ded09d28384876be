import datetime as dt

import pytest

from drills.models import DrillYearRule
from drills.selectors import Status, compliance_rows, compliance_status, effective_rule, school_year_of
from tests.drills.factories import at, drill, school

D = dt.date


def rule_2025(**overrides) -> DrillYearRule:
    # Defaults: year 2025-09-01..2026-08-31, 1 by 2025-12-20, 2 by 2026-06-30, warn 30 days ahead.
    rule = DrillYearRule.for_year(2025)
    for name, value in overrides.items():
        setattr(rule, name, value)
    return rule


def status(today, completed=0, by_fall=0, by_spring=0, **rule):
    return compliance_status(
        rule=rule_2025(**rule),
        today=today,
        completed=completed,
        upcoming_by_fall=by_fall,
        upcoming_by_spring=by_spring,
    )


def test_default_rule_for_a_year_without_a_row():
    rule = DrillYearRule.for_year(2025)
    assert (rule.starts_on, rule.ends_on) == (D(2025, 9, 1), D(2026, 8, 31))
    assert (rule.fall_deadline, rule.spring_deadline) == (D(2025, 12, 20), D(2026, 6, 30))
    assert (rule.required_by_fall, rule.required_lockdowns) == (1, 2)
    assert rule.lead_days == [30, 7]
    assert rule.pk is None


@pytest.mark.django_db
def test_effective_rule_prefers_the_saved_row():
    DrillYearRule.objects.create(
        school_year=2025,
        starts_on=D(2025, 9, 2),
        ends_on=D(2026, 6, 30),
        fall_deadline=D(2026, 1, 31),
        spring_deadline=D(2026, 6, 15),
        required_lockdowns=3,
    )
    assert effective_rule(2025).required_lockdowns == 3
    assert effective_rule(2026).required_lockdowns == 2


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
        required_lockdowns=2,
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
    with django_assert_num_queries(4):
        assert len(compliance_rows(year=2025, today=D(2025, 10, 1))) == 3
    for _ in range(30):
        s = school(officer=officer)
        drill(s, officer, when=at(2025, 9, 10))
        drill(s, officer, when=at(2025, 11, 10), status="scheduled")
    with django_assert_num_queries(4):
        assert len(compliance_rows(year=2025, today=D(2025, 10, 1))) == 33


@pytest.mark.django_db
def test_school_year_of_limits():
    today = D(2026, 10, 15)
    assert school_year_of(D(2026, 9, 1), today=today) == 2026
    assert school_year_of(D(2026, 8, 31), today=today) == 2025
    assert school_year_of(D(2025, 9, 1), today=today) == 2025  # no rules: previous year allowed
    assert school_year_of(D(2025, 8, 31), today=today) is None  # before that
    assert school_year_of(D(2027, 10, 15), today=today) == 2027  # exactly 365 days ahead
    assert school_year_of(D(2027, 10, 16), today=today) is None  # more than a year ahead
