"""The job hooks of scripts/bench.py call the apps' real services, and leave the data as it was."""

import datetime as dt

import pytest
from django.utils import timezone

from csu.models import Reminder
from reports.models import AnnualReport
from tests.drills import factories as drill_factories

from .test_bench_script import bench


@pytest.mark.django_db
def test_sweep_hook_runs_each_apps_sweep_counts_queries_and_rolls_back(officer):
    school = drill_factories.school(officer=officer)
    drill_factories.drill(school, officer, when=timezone.now() + dt.timedelta(days=3), status="scheduled")
    result = bench.child_sweep()
    assert result["status"] == "ok"
    assert set(result["apps"]) == {"drills", "committees"}
    assert result["apps"]["drills"]["queued"] >= 1  # the reminder 7 days before the drill
    assert result["queries"] == sum(app["queries"] for app in result["apps"].values()) > 0
    assert not Reminder.objects.exists()  # rolled back


@pytest.mark.django_db
def test_report_hook_builds_the_last_school_year_and_rolls_back(supervisor, monkeypatch):
    monkeypatch.setattr(bench, "_bench_users", lambda: {"supervisor": supervisor})
    result = bench.child_report()
    assert result["status"] == "ok", result
    assert result["seconds"] > 0 and result["peak_mb"] > 0 and result["pdf_kb"] > 0
    assert not AnnualReport.objects.exists()
