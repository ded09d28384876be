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
    assert key["Schools per officer (average)"] == [1.5, 3.0, -1.5]
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
