"""Every implemented figure against the hand-counted dataset (tests/reports/conftest.py explains each number)."""

import datetime as dt

import pytest

from reports import figures
from reports.figures import Period


def table(section, key):
    return next(t for t in section.tables if t.key == key)


def rows(section, key):
    return {row[0]: row[1:] for row in table(section, key).rows}


@pytest.mark.django_db
def test_period_bounds_and_previous(frozen):
    year = Period.of("calendar", 2025)
    assert (year.start, year.end, year.partial) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31), False)
    previous = year.previous()
    assert (previous.start, previous.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    school = Period.of("school", 2025)
    assert (school.start, school.end, school.nominal_end) == (
        dt.date(2025, 9, 1),
        dt.date(2026, 3, 15),
        dt.date(2026, 8, 31),
    )
    assert school.partial
    assert (school.previous().start, school.previous().end) == (dt.date(2024, 9, 1), dt.date(2025, 3, 15))
    assert Period.of("calendar", 2027).in_future


def test_schools_and_coverage(dataset, frozen):
    section = figures.schools_coverage(Period.of("calendar", 2025))
    key = rows(section, "key_figures")
    assert key["Schools"] == [3, 3, 0]
    assert key["Officers assigned to schools"] == [2, 1, 1]
    assert key["Schools per officer (average)"] == [2.0, 1.0, 1.0]
    assert key["Unassigned school-days"] == [365, 976, -611]
    assert rows(section, "by_officer") == {"Alice Able": [2, 455, 1], "Bob Baker": [2, 275, 0]}
    by_month = rows(section, "by_month")
    assert [v[0] for v in by_month.values()] == [31, 28, 31, 60, 31, 30, 31, 31, 30, 31, 30, 1]
    # 2024: nobody was assigned before September, then S1 was covered: S2 and S3 only.
    assert by_month["January 2025"] == [31, 93]
    assert by_month["April 2025"] == [60, 90]
    assert by_month["December 2025"] == [1, 62]
    assert sum(v[1] for v in by_month.values()) == 976


def test_calls_for_service(dataset, frozen):
    section = figures.calls_for_service(Period.of("calendar", 2025))
    assert rows(section, "key_figures") == {"Calls for service at schools": [4, 1, 3]}
    by_category = rows(section, "by_category")
    assert by_category["Threat"] == [1, 1, 0]
    assert by_category["Assault"] == [1, 0, 1]
    assert by_category["Drugs"] == [2, 0, 2]
    assert by_category["Theft"] == [0, 0, 0]  # the only theft was voided
    assert by_category["Other"] == [0, 0, 0]  # 2026-01-01 00:30 is next year
    by_month = rows(section, "by_month")
    assert {m: v for m, v in by_month.items() if v[0] or v[1]} == {
        "January 2025": [2, 0],
        "May 2025": [0, 1],
        "June 2025": [1, 0],
        "December 2025": [1, 0],
    }
    assert rows(section, "by_officer") == {"Alice Able": [2, 1, 1], "Bob Baker": [2, 0, 2]}


def test_school_year_period(dataset, frozen):
    # School year 2024-2025 (2024-09-01..2025-08-31): calls of Jan 15, Jan 20, Jun 10 2025 = 3; the previous school
    # year 2023-09-01..2024-08-31 holds the call of 2024-05-05 = 1.
    section = figures.calls_for_service(Period.of("school", 2024))
    assert rows(section, "key_figures") == {"Calls for service at schools": [3, 1, 2]}
    coverage = figures.coverage(Period.of("school", 2024))
    # S1 covered all 365 days; S2 unassigned 2024-09-01..2024-12-31 (122) + April 2025 (30); S3 all 365.
    assert (coverage.schools, coverage.officers, coverage.unassigned_days) == (3, 2, 122 + 30 + 365)


def test_closed_school_counts_until_it_closed(dataset, frozen):
    s1, s2, s3 = dataset["schools"]
    s3.active, s3.closed_on = False, dt.date(2025, 6, 30)
    s3.save()
    coverage = figures.coverage(Period.of("calendar", 2025))
    # S3 counted (closed during 2025) but only its days up to June 30: 181 unassigned instead of 335.
    assert (coverage.schools, coverage.unassigned_days) == (3, 30 + 181)
    assert figures.coverage(Period.of("calendar", 2026)).schools == 2


@pytest.mark.django_db
def test_empty_period_gives_zeros(frozen):
    sections = [f(Period.of("calendar", 2025)).as_dict() for f in figures.SECTIONS]
    assert figures.snapshot_is_empty(sections)
    key = {row[0]: row[1:] for row in sections[0]["tables"][0]["rows"]}
    assert key == {
        "Schools": [0, 0, 0],
        "Officers assigned to schools": [0, 0, 0],
        "Schools per officer (average)": [0.0, 0.0, 0.0],
        "Unassigned school-days": [0, 0, 0],
    }


# --- The other apps' sections: tests/reports/conftest.py (fixture `activity`) derives every number by hand ----

YEAR_2025 = ("calendar", 2025)


def section_of(function):
    return function(Period.of(*YEAR_2025))


def test_lockdown_drills(activity, frozen):
    section = section_of(figures.lockdown_drills)
    assert rows(section, "key_figures") == {
        "Drills conducted (all kinds)": [5, 2, 3],
        "Lockdown drills conducted": [3, 2, 1],
        "Drills of other kinds conducted": [2, 0, 2],
        "Schools compliant with the yearly requirement": [1, 0, 1],
        "Schools compliant (%)": [33.3, 0.0, 33.3],
        "Schools not compliant": [2, 3, -1],
        "Follow-up actions raised": [3, 1, 2],
        "Follow-up actions closed": [2, 0, 2],
        "Follow-up actions open at the end of the period": [2, 1, 1],
    }
    by_kind = rows(section, "by_kind")
    assert by_kind["Lockdown"] == [3, 2, 1]
    assert by_kind["Hold and Secure"] == [1, 0, 1]
    assert by_kind["Shelter in Place"] == [1, 0, 1]
    by_month = rows(section, "by_month")
    assert {m: v for m, v in by_month.items() if v[0] or v[1]} == {
        "February 2025": [1, 0],
        "March 2025": [2, 0],
        "April 2025": [0, 1],
        "May 2025": [1, 0],
        "October 2025": [1, 1],
    }
    assert rows(section, "by_officer") == {"Alice Able": [2, 2, 0], "Bob Baker": [3, 0, 3]}
    # School year 2024–2025: s3's officer (Bob) arrived in December 2025, after the year: nobody held it then.
    assert rows(section, "compliance_by_officer") == {
        "Alice Able": [1, 1, 0, 100.0],
        "Bob Baker": [1, 0, 1, 0.0],
        "No officer assigned": [1, 0, 1, 0.0],
    }
    assert table(section, "compliance_by_officer").title == "Compliance by officer, school year 2024–2025"
    chart = next(c for c in section.charts if c.key == "compliance_by_officer")
    assert (chart.labels, chart.values) == (["Alice Able", "Bob Baker", "No officer assigned"], [100.0, 0.0, 0.0])


def test_school_programs(activity, frozen):
    section = section_of(figures.school_programs)
    assert rows(section, "key_figures") == {
        "Program sessions delivered": [7, 5, 2],
        "Audience reached": [210, 150, 60],
        "Class series completed": [1, 1, 0],
        "Presentation requests received": [3, 2, 1],
        "Presentation requests delivered": [2, 0, 2],
        "Presentation requests declined": [1, 1, 0],
        "Median days from request to delivery": [28.5, 0.0, 28.5],
    }
    # The seeded catalogue was made inactive and has no session: only the three test programs are listed.
    assert rows(section, "sessions_by_program") == {
        "Elmer Safety": [1, 1, 0],
        "Grade 6 Values": [4, 4, 0],
        "Presentations on request": [2, 0, 2],
    }
    assert rows(section, "audience_by_program") == {
        "Elmer Safety": [40, 35, 5],
        "Grade 6 Values": [90, 115, -25],
        "Presentations on request": [80, 0, 80],
    }
    assert rows(section, "series_by_program")["Grade 6 Values"] == [1, 1, 0]
    by_month = rows(section, "by_month")
    assert {m: v for m, v in by_month.items() if v[0] or v[1]} == {
        "January 2025": [2, 1],
        "February 2025": [1, 1],
        "March 2025": [0, 1],
        "April 2025": [1, 0],
        "May 2025": [1, 0],
        "June 2025": [0, 1],
        "October 2025": [1, 0],
        "November 2025": [1, 1],
    }
    assert rows(section, "by_officer") == {"Alice Able": [4, 4, 0], "Bob Baker": [4, 1, 3]}


def test_safety_patrol(activity, frozen):
    section = section_of(figures.safety_patrol)
    assert rows(section, "key_figures") == {
        "Schools with a patrol": [2, 1, 1],
        "Patrollers": [20, 10, 10],
        "Patrol captains": [3, 2, 1],
        "Patrollers trained": [12, 10, 2],
        "Patrol exam passes": [11, 9, 2],
        "Patroller of the Year nominations": [1, 0, 1],
        "Patrol Supervisor of the Year nominations": [1, 0, 1],
    }
    training = rows(section, "training_by_month")
    assert list(training)[0] == "September 2024" and len(training) == 12
    assert training["September 2024"] == [12, 10]
    assert sum(v[0] for v in training.values()) == 12


def test_committees(activity, frozen):
    section = section_of(figures.committees_section)
    assert rows(section, "key_figures") == {
        "Committees represented on": [2, 1, 1],
        "Committee meetings held": [3, 2, 1],
        "Committee meetings attended": [2, 2, 0],
        "Meeting attendance (%)": [66.7, 100.0, -33.3],
        "Action items opened": [2, 2, 0],
        "Action items closed": [2, 1, 1],
        "Action items open at the end of the period": [1, 1, 0],
    }
    assert rows(section, "by_committee") == {
        "Drug Strategy": [2, 1, 1],
        "Housing Table": [0, 0, 1],
        "Youth Council": [1, 1, 0],
    }
    by_month = rows(section, "by_month")
    assert {m: v for m, v in by_month.items() if v[0] or v[1]} == {
        "February 2025": [1, 0],
        "March 2025": [0, 1],
        "May 2025": [2, 1],
    }
    assert rows(section, "by_officer") == {"Alice Able": [2, 2, 0], "Bob Baker": [1, 0, 1]}


def test_awareness_weeks_and_events(activity, frozen):
    section = section_of(figures.awareness_weeks)
    assert rows(section, "key_figures") == {
        "Events": [3, 2, 1],
        "Awareness-week events": [2, 1, 1],
        "Expected attendance": [540, 150, 390],
        "Actual attendance": [470, 180, 290],
        "Events cancelled": [1, 0, 1],
    }
    by_week = rows(section, "by_week")
    assert by_week["Drug Awareness Week"] == [1, 0, 1]
    assert by_week["Police Week"] == [1, 1, 0]
    assert by_week["No awareness week"] == [1, 1, 0]
    attendance = rows(section, "attendance_by_week")
    assert attendance["Drug Awareness Week"] == [300, 250, 0, 250]
    assert attendance["Police Week"] == [200, 220, 180, 40]
    assert attendance["No awareness week"] == [40, 0, 0, 0]
    assert rows(section, "by_type") == {
        "Awareness-week event": [2, 1, 1],
        "Community event (e.g. Coffee with a Cop)": [1, 0, 1],
        "School event": [0, 1, -1],
        "Forum": [0, 0, 0],
        "Other": [0, 0, 0],
    }
    by_month = rows(section, "by_month")
    assert {m: v for m, v in by_month.items() if v[0] or v[1]} == {
        "May 2025": [2, 1],
        "October 2025": [0, 1],
        "November 2025": [1, 0],
    }
    assert rows(section, "by_officer") == {"Alice Able": [2, 0, 2], "Bob Baker": [1, 1, 0]}


def test_placements(activity, frozen):
    section = section_of(figures.placements_section)
    assert rows(section, "key_figures") == {
        "Student placements under way": [3, 2, 1],
        "Student placements completed": [2, 1, 1],
        "Placement hours completed": [320.0, 110.0, 210.0],
    }
    assert rows(section, "by_level") == {"Secondary": [1, 1, 0], "Post-secondary": [2, 1, 1]}
    assert rows(section, "hours_by_level") == {"Secondary": [120.0, 110.0, 10.0], "Post-secondary": [200.0, 0.0, 200.0]}
    by_month = rows(section, "by_month")
    assert by_month["January 2025"] == [1, 0]
    assert by_month["February 2025"] == [2, 1]
    assert by_month["July 2025"] == [0, 0]
    assert by_month["September 2025"] == [1, 1]
    assert by_month["December 2025"] == [1, 1]
    assert rows(section, "by_supervisor") == {"Alice Able": [2, 1, 1], "Bob Baker": [1, 1, 0]}


def test_activity_by_pillar_and_cswb_area(activity, frozen):
    section = section_of(figures.activity_by_pillar)
    assert rows(section, "key_figures") == {
        "Activities tagged with a pillar": [10, 6, 4],
        "Activities tagged with a CSWB area": [10, 6, 4],
    }
    # [sessions, committee meetings, activities, activities (previous), change]
    assert rows(section, "by_pillar") == {
        "Education": [4, 0, 4, 4, 0],
        "Inclusion": [2, 2, 4, 1, 3],
        "Opportunity": [0, 1, 1, 0, 1],
        "Functioning families": [1, 0, 1, 1, 0],
        "Not tagged": [0, 0, 0, 1, -1],
    }
    assert rows(section, "by_cswb_area") == {
        "Social development": [1, 1, 2, 1, 1],
        "Prevention": [6, 0, 6, 4, 2],
        "Risk intervention": [0, 2, 2, 1, 1],
        "Incident response": [0, 0, 0, 0, 0],
        "Not tagged": [0, 0, 0, 1, -1],
    }


def test_lockdown_drills_count_the_kinds_the_school_year_requires(activity, frozen):
    """School year 2024-2025 also requires one Hold and Secure: D4 (S2, 2025-05-20) now counts with the lockdowns,
    and no school is compliant (S1 has its two lockdowns but no Hold and Secure; S2 one lockdown of two). The
    previous period (school year 2023-2024, no saved rule) keeps the defaults: lockdowns only."""
    from tests.drills.factories import saved_rule

    saved_rule(2024, {"lockdown": (2, 1), "hold-and-secure": (1, 0)})
    key = rows(section_of(figures.lockdown_drills), "key_figures")
    assert key["Drills conducted (all kinds)"] == [5, 2, 3]
    assert key["Lockdown drills conducted"] == [4, 2, 2]  # D2 D3 D5 and D4; D1 D10
    assert key["Drills of other kinds conducted"] == [1, 0, 1]  # D6
    assert key["Schools compliant with the yearly requirement"] == [0, 0, 0]


def test_school_year_period_of_the_new_sections(activity, frozen):
    # School year 2024-2025 (2024-09-01..2025-08-31) against 2023-09-01..2024-08-31.
    period = Period.of("school", 2024)
    drills = rows(figures.lockdown_drills(period), "key_figures")
    # Conducted: D1 (2024-10-10), D2, D3, D4, D6 = 5 vs D10 (2024-04-15) = 1; compliance as for calendar 2025.
    assert drills["Drills conducted (all kinds)"] == [5, 1, 4]
    assert drills["Schools compliant with the yearly requirement"] == [1, 0, 1]
    # Sessions: X1, X2, X3, Elmer 2025-05-06, PR1, PR2 = 6 vs Z1, Z2, Z3, Elmer 2024-06-01 = 4.
    assert rows(figures.school_programs(period), "key_figures")["Program sessions delivered"] == [6, 4, 2]


def test_running_school_year_compares_like_for_like(activity, frozen):
    # School year 2025-2026 to 2026-03-15 against 2024-09-01..2025-03-15: compliance of 2025-2026 (S3 has D5 only:
    # none compliant) against 2024-2025 cut at 2025-03-15 (S1: D1 and D2 of 2025-03-12 -> compliant).
    period = Period.of("school", 2025)
    key = rows(figures.lockdown_drills(period), "key_figures")
    assert key["Schools compliant with the yearly requirement"] == [0, 1, -1]
    # Drills to date: D5 (2025-10-01) = 1 against D1, D3, D2 (D6 of 2025-03-20 is after the cut) = 3.
    assert key["Drills conducted (all kinds)"] == [1, 3, -2]


@pytest.mark.django_db
def test_new_sections_of_an_empty_period_give_zeros(frozen):
    period = Period.of("calendar", 2019)
    for function in figures.SECTIONS:
        key = table(function(period), "key_figures")
        assert all(row[1] == 0 and row[2] == 0 and row[3] == 0 for row in key.rows), (function.__name__, key.rows)


def test_queries_do_not_grow_with_the_rows(activity, frozen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = Period.of(*YEAR_2025)
    counts = {}
    for function in figures.SECTIONS:
        with CaptureQueriesContext(connection) as queries:
            function(period)
        counts[function.__name__] = len(queries)
    # Double the drills, sessions, meetings and events: the number of queries stays the same.
    from committees.models import Meeting
    from drills.models import Drill
    from events.models import Event
    from programs.models import Session

    for model in (Drill, Session, Meeting, Event):
        for obj in model.objects.all():
            obj.pk = None
            obj.id = None
            if model is Session:
                obj.series, obj.session_number = None, None
            obj.save()
    for function in figures.SECTIONS:
        with CaptureQueriesContext(connection) as queries:
            function(period)
        assert len(queries) == counts[function.__name__], function.__name__
    assert max(counts.values()) <= 25, counts
