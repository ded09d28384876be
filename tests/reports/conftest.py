"""A small dataset whose figures are counted by hand (see the comments): calendar year 2025, today 2026-03-15.

Schools and assignments (officer A = "Alice Able", officer B = "Bob Baker"):
- S1: A from 2024-09-01, open                 -> covered all 365 days of 2025
- S2: A 2025-01-01..2025-03-31 (31+28+31 = 90 days), nobody in April (30 days), B from 2025-05-01 (245 days)
- S3: B from 2025-12-02, open                 -> unassigned 2025-01-01..2025-12-01 = 335 days, covered 30
2025: schools 3, officers 2, schools per officer 3/2 = 1.5, unassigned 30 + 335 = 365 school-days;
      by month: Jan 31, Feb 28, Mar 31, Apr 30+30 = 60, May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30,
      Dec 1 (S3 on Dec 1); A: 2 schools, 365 + 90 = 455 school-days; B: 2 schools, 245 + 30 = 275 school-days.
2024 (leap year, 366 days): S1 covered Sep 1..Dec 31 = 122 days, unassigned 244; S2 and S3 unassigned 366 each;
      unassigned 244 + 366 + 366 = 976; officers 1 (A); schools per officer 3.0.

Calls (local time, America/Toronto):
- 2025-01-15 10:00 S1 threat A; 2025-01-20 09:00 S1 assault A; 2025-06-10 12:00 S2 drugs B;
  2025-12-31 23:30 S3 drugs B (04:30 UTC on 2026-01-01, still 2025 locally)
- voided: 2025-03-01 S1 theft A (not counted); 2026-01-01 00:30 S2 other B (next year)
- 2024-05-05 S1 threat A (previous period)
2025: total 4 (previous 1, change +3); threat 1 (1, 0), assault 1 (0, +1), drugs 2 (0, +2);
      by month Jan 2, Jun 1, Dec 1; by officer A 2 (previous 1), B 2 (previous 0).
"""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from schools.models import Assignment, Board, CallForService, School
from tests.conftest import make_user

TODAY = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4)))


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def local(year, month, day, hour=12, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@pytest.fixture
def dataset(db):
    a = make_user("alice", Role.OFFICER, display_name="Alice Able")
    b = make_user("bob", Role.OFFICER, display_name="Bob Baker")
    board = Board.objects.create(code="TDSB", name_en="Test District School Board")
    s1, s2, s3 = (
        School.objects.create(name_en=name, board=board, category=School.Category.ELEMENTARY)
        for name in ("Maple Public School", "Birch Public School", "Cedar Public School")
    )
    Assignment.objects.create(school=s1, officer=a, start=dt.date(2024, 9, 1))
    Assignment.objects.create(school=s2, officer=a, start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
    Assignment.objects.create(school=s2, officer=b, start=dt.date(2025, 5, 1))
    Assignment.objects.create(school=s3, officer=b, start=dt.date(2025, 12, 2))

    def call(school, when, category, officer, number, **extra):
        return CallForService.objects.create(
            school=school,
            occurred_at=when,
            category=category,
            responding_officer=officer,
            occurrence_number=number,
            **extra,
        )

    C = CallForService.Category
    call(s1, local(2025, 1, 15, 10), C.THREAT, a, "25-1")
    call(s1, local(2025, 1, 20, 9), C.ASSAULT, a, "25-2")
    call(s2, local(2025, 6, 10, 12), C.DRUGS, b, "25-3")
    call(s3, local(2025, 12, 31, 23, 30), C.DRUGS, b, "25-4")
    call(s1, local(2025, 3, 1), C.THEFT, a, "25-5", status=CallForService.Status.VOIDED, void_reason="Duplicate")
    call(s2, local(2026, 1, 1, 0, 30), C.OTHER, b, "26-1")
    call(s1, local(2024, 5, 5), C.THREAT, a, "24-1")
    return {"a": a, "b": b, "schools": (s1, s2, s3)}
