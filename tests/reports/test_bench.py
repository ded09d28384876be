"""Build time and peak memory for 800 schools and a year of calls. Run on demand:

REPORTS_BENCH=1 DATABASE_URL=... pytest -s tests/reports/test_bench.py
"""

import datetime as dt
import os
import random
import resource
import time
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from reports import services
from reports.models import AnnualReport
from schools.models import Assignment, Board, CallForService, School

pytestmark = pytest.mark.skipif(not os.environ.get("REPORTS_BENCH"), reason="benchmark: set REPORTS_BENCH=1")


def generate(schools=800, officers=80, calls_per_school=12):
    rng = random.Random(7)
    board = Board.objects.create(code="BENCH", name_en="Bench Board")
    users = User.objects.bulk_create(
        User(username=f"bench{i}", display_name=f"Cst. Bench {i:02d}", role=Role.OFFICER) for i in range(officers)
    )
    rows = School.objects.bulk_create(
        School(name_en=f"Bench School {i:03d}", board=board, category=School.Category.ELEMENTARY)
        for i in range(schools)
    )
    assignments = []
    for i, school in enumerate(rows):
        officer = users[i % officers]
        if i % 10 == 0:  # one school in ten changed officer, with a gap of a few weeks
            assignments.append(
                Assignment(school=school, officer=officer, start=dt.date(2024, 9, 1), end=dt.date(2025, 4, 30))
            )
            assignments.append(Assignment(school=school, officer=users[(i + 1) % officers], start=dt.date(2025, 6, 1)))
        else:
            assignments.append(Assignment(school=school, officer=officer, start=dt.date(2024, 9, 1)))
    Assignment.objects.bulk_create(assignments)
    categories = CallForService.Category.values
    start = timezone.make_aware(dt.datetime(2024, 1, 1))
    calls = [
        CallForService(
            school=school,
            occurred_at=start + dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
            category=rng.choice(categories),
            responding_officer=users[i % officers],
            occurrence_number=f"B-{i}-{n}",
        )
        for i, school in enumerate(rows)
        for n in range(calls_per_school * 2)
    ]
    CallForService.objects.bulk_create(calls, batch_size=5000)
    return len(calls)


@pytest.mark.django_db
def test_build_time_and_memory(supervisor):
    count = generate()
    report, _ = services.report_request(
        period_kind="calendar", year=2025, language="en", introduction="", user=supervisor
    )
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        services.report_build(report_id=report.pk)
        elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report.refresh_from_db()
    assert report.status == "ready", report.failure_reason

    AnnualReport.objects.filter(pk=report.pk).update(status="failed", failure_reason="bench")
    again, _ = services.report_request(
        period_kind="calendar", year=2025, language="en", introduction="", user=supervisor
    )
    tracemalloc.start()
    services.report_build(report_id=again.pk)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\nBENCH: {count} calls (2024+2025), 800 schools, 80 officers; build {elapsed:.2f} s, "
        f"{len(queries)} queries; Python peak (tracemalloc) {peak / 2**20:.1f} MiB; "
        f"process max RSS {rss_before / 1024:.0f} -> {rss_after / 1024:.0f} MiB; "
        f"PDF {report.pdf_file.size / 1024:.0f} KiB, XLSX {report.xlsx_file.size / 1024:.0f} KiB, "
        f"CSV {report.csv_file.size / 1024:.0f} KiB"
    )
    key = {r[0]: r[1] for r in report.figures["sections"][0]["tables"][0]["rows"]}
    # 80 schools had a May gap (31 days) -> 2480 unassigned school-days in 2025.
    assert key["Schools"] == 800 and key["Unassigned school-days"] == 80 * 31
