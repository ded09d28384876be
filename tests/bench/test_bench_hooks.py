"""The job hooks of scripts/bench.py call what the apps will provide, and leave the data as it was."""

import importlib.machinery
import sys
import types

import pytest
from django.db import connection

from schools.models import Board, SchoolYear

from .test_bench_script import bench


def _fake_module(monkeypatch, name: str, **attrs) -> None:
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, loader=None)
    for key, value in attrs.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


@pytest.mark.django_db
def test_sweep_hook_times_each_apps_sweep_counts_queries_and_rolls_back(monkeypatch):
    seen = {}

    def reminders_sweep(*, now):
        seen["now"] = now
        Board.objects.create(code="SWEEP", name_en="Made by the sweep")
        Board.objects.count()

    _fake_module(monkeypatch, "drills.services", reminders_sweep=reminders_sweep)
    result = bench.child_sweep()
    assert result["status"] == "ok"
    assert set(result["apps"]) == {"drills"}
    # INSERT board, INSERT its history row (simple-history), COUNT
    assert result["apps"]["drills"]["queries"] == 3
    assert seen["now"].tzinfo is not None
    assert not Board.objects.filter(code="SWEEP").exists()  # rolled back


@pytest.mark.django_db
def test_sweep_hook_without_sweeps_says_not_available():
    assert bench.child_sweep() == {"status": "not available yet"}


@pytest.mark.django_db
def test_report_hook_passes_the_last_school_year_and_measures(monkeypatch):
    calls = []
    _fake_module(monkeypatch, "reports.services", report_build=lambda *, year: calls.append(year))
    result = bench.child_report()
    assert result["status"] == "ok"
    assert calls == [SchoolYear.current() - 1]
    assert result["seconds"] >= 0 and result["peak_mb"] > 0


@pytest.mark.django_db
def test_report_hook_with_an_unknown_signature_says_so(monkeypatch):
    _fake_module(monkeypatch, "reports.services", report_build=lambda *, report: None)
    assert bench.child_report()["status"].startswith("hook needs adjusting")
    assert connection.in_atomic_block  # the test transaction is intact
