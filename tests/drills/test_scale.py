"""1,000 schools: the board and the sweep keep their query count; the timings are printed (run with -s)."""

import datetime as dt
import os
import time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csu.models import Reminder
from drills.models import Drill, FollowUpAction
from drills.selectors import compliance_rows
from drills.services import reminders_sweep
from schools.models import Assignment, School
from tests.conftest import make_user
from tests.drills.factories import TZ, at, board, kind, saved_rule

pytestmark = [pytest.mark.django_db]
N = 1000


def _bulk_world(officers, supervisor):
    b = board()
    schools = School.objects.bulk_create(
        School(name_en=f"Scale School {i:04d}", board=b, category="elementary", external_id=f"S-{i}") for i in range(N)
    )
    Assignment.objects.bulk_create(
        Assignment(school=s, officer=officers[i % len(officers)], start=dt.date(2020, 1, 1))
        for i, s in enumerate(schools)
    )
    lockdown, hold = kind("lockdown"), kind("hold-and-secure")
    saved_rule(2026, {"lockdown": (2, 1), "hold-and-secure": (1, 0)})  # two kinds required: one more per school
    drills = []
    for i, s in enumerate(schools):
        officer = officers[i % len(officers)]
        if i % 4 != 3:  # three schools in four did their fall lockdown
            start = at(2026, 10, 1 + i % 20, 10)
            drills.append(
                Drill(
                    school=s,
                    kind=lockdown,
                    status="completed",
                    scheduled_for=start,
                    conducted_start=start,
                    conducted_end=start + dt.timedelta(minutes=20),
                    occurs_on=start.astimezone(TZ).date(),
                    lead_officer=officer,
                )
            )
        if i % 2 == 0:
            when = at(2026, 11, 26 + i % 5, 13)
            drills.append(
                Drill(
                    school=s,
                    kind=lockdown if i % 4 else hold,
                    status="scheduled",
                    scheduled_for=when,
                    occurs_on=when.date(),
                    lead_officer=officer,
                )
            )
    created = Drill.objects.bulk_create(drills)
    FollowUpAction.objects.bulk_create(
        FollowUpAction(drill=d, description="Fix", owner="Custodian", due_on=dt.date(2026, 11, 1))
        for d in created[::10]
        if d.status == "completed"
    )


def _measure(fn):
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        result = fn()
        elapsed = (time.perf_counter() - started) * 1000
    return result, len(ctx.captured_queries), elapsed


def test_thousand_schools(supervisor, supervisor_client, capsys):
    officers = [make_user(f"scale{i}", "officer") for i in range(4)]
    with time_machine.travel(at(2026, 11, 25, 6), tick=True):
        _bulk_world(officers, supervisor)
        rows, rows_queries, rows_ms = _measure(lambda: compliance_rows(year=2026))
        assert len(rows) == N
        response, board_queries, board_ms = _measure(lambda: supervisor_client.get(reverse("drills:drill_compliance")))
        assert response.status_code == 200
        assert sum(c["count"] for c in response.context["status_counts"]) == N
        last, _, last_ms = _measure(lambda: supervisor_client.get(reverse("drills:drill_compliance") + "?page=10"))
        assert "Scale School 0999" in last.content.decode()
        if os.environ.get("PROFILE_BOARD"):
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.runcall(lambda: supervisor_client.get(reverse("drills:drill_compliance") + "?page=10"))
            with capsys.disabled():
                pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        csv, csv_queries, csv_ms = _measure(
            lambda: b"".join(
                supervisor_client.get(reverse("drills:drill_compliance") + "?format=csv").streaming_content
            )
        )
        created, sweep_queries, sweep_ms = _measure(reminders_sweep)
        again, _, sweep2_ms = _measure(reminders_sweep)
    # rule, requirements, schools served, their assignments (schools.selectors.served: the officer credited for the
    # year, one query for all schools), per-school-and-kind drill aggregates, officer names: none per school.
    assert rows_queries == 6
    assert sweep_queries == 12
    assert created == Reminder.objects.count() and again == 0
    with capsys.disabled():
        print(
            f"\n[drills scale N={N}] compliance_rows: {rows_queries} queries {rows_ms:.0f} ms; "
            f"board page: {board_queries} queries {board_ms:.0f} ms (page 10: {last_ms:.0f} ms); "
            f"board CSV: {csv_queries} queries {csv_ms:.0f} ms; "
            f"sweep: {sweep_queries} queries {sweep_ms:.0f} ms ({created} reminders); second sweep {sweep2_ms:.0f} ms"
        )
