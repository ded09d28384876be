"""The pure functions of scripts/bench.py (no load test runs here) and the ceiling view being off by default."""

import csv
import importlib.util
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_script", ROOT / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_script"] = bench  # dataclasses look their module up there
_spec.loader.exec_module(bench)

WRK_OUTPUT = """Running 15s test @ http://127.0.0.1:40000/dashboard/officer/
  1 threads and 16 connections
  3000 requests in 15.00s, 6.00MB read
BENCH_RESULT requests=3000 duration_us=15000000 p50_us=41000 p95_us=120500 p99_us=230000 max_us=301000 \
err_connect=0 err_read=1 err_write=0 err_status=2 err_timeout=0
"""


def test_parse_wrk_reads_our_lua_line():
    result = bench.parse_wrk(WRK_OUTPUT)
    assert result == {
        "requests": 3000,
        "rps": 200.0,
        "p50": 41.0,
        "p95": 120.5,
        "p99": 230.0,
        "max": 301.0,
        "errors": 3,
    }
    assert bench.parse_wrk("wrk: connection refused") is None


def test_percentile_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert bench.percentile(values, 50) == 50
    assert bench.percentile(values, 95) == 95
    assert bench.percentile(values, 99) == 99
    assert bench.percentile([7.0], 95) == 7.0
    assert bench.percentile([], 95) == 0.0
    assert bench.percentile([30, 10, 20], 50) == 20


def _result(rps, p95, errors=0, requests=100):
    return {"rps": rps, "p50": p95 / 2, "p95": p95, "p99": p95, "errors": errors, "requests": requests}


def test_page_goals():
    # Issue 23: at least the admin changelist's requests/s (1.0×).
    assert bench.page_goals(_result(100, 249.9), admin_rps=100) == {"p95": True, "vs admin": True}
    assert bench.page_goals(_result(99, 100), admin_rps=100) == {"p95": True, "vs admin": False}
    assert bench.page_goals(_result(300, 250), admin_rps=None) == {"p95": False, "vs admin": None}
    assert bench.page_goals(_result(300, 10, errors=1), admin_rps=None)["p95"] is False
    assert bench.page_goals(_result(0, 0, requests=0), admin_rps=None)["p95"] is False


def test_queries_stable():
    assert bench.queries_stable([9, 9, 9]) is True
    assert bench.queries_stable([9, 10]) is False
    assert bench.queries_stable([9, None]) is None


def test_report_goals():
    s1 = {"status": "ok", "seconds": 10.0, "peak_mb": 300.0}
    assert bench.report_goals(s1, {"status": "ok", "seconds": 22.0}) == {
        "time": True,
        "memory": True,
        "scale 2 ratio": True,
    }
    assert bench.report_goals(s1, {"status": "ok", "seconds": 22.1})["scale 2 ratio"] is False
    assert bench.report_goals({"status": "ok", "seconds": 21.0, "peak_mb": 401.0}, None) == {
        "time": False,
        "memory": False,
        "scale 2 ratio": None,
    }
    assert bench.report_goals({"status": "not available yet"}, None)["time"] is None


def test_bench_database_url_is_its_own_database():
    assert bench.bench_database_url("postgres://postgres@127.0.0.1:5432/csu", "_bench") == (
        "postgres://postgres@127.0.0.1:5432/csu_bench"
    )
    assert bench.bench_database_url("postgres://u@h/csu_bench", "_bench") == "postgres://u@h/csu_bench"
    with pytest.raises(ValueError):
        bench.bench_database_url("postgres://u@h/test_csu", "_bench")


def test_ottawa_csv_layout(tmp_path):
    path = tmp_path / "schools.csv"
    bench.write_ottawa_csv(path, 50)
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # The header of the City of Ottawa file (../shared/data/ottawa-schools.csv, not in this repository).
    assert list(rows[0]) == [
        "OBJECTID", "BOARD", "CATEGORY", "NAME", "NUM", "STREET", "PHONE", "FULL_BOARD", "CATEGORY_FR", "BOARD_FR",
        "NAME_FR", "FULL_BOARD_FR", "GlobalID", "LONGITUDE", "LATITUDE",
    ]  # fmt: skip
    assert len(rows) == 50
    assert len({r["GlobalID"] for r in rows}) == 50


def test_render_marks_missed_goals():
    run = bench.Run(started="2026-11-22 03:00 UTC", machine=bench.machine(), loadgen="wrk", duration=15, clients=16)
    run.plan1 = {
        "pages": [
            {"name": "admin changelist: schools.School", "role": "admin", "admin": "", "reference": True,
             "status": "ok", "queries": 8},
            {"name": "schools list", "role": "coordinator", "admin": "schools.School", "reference": False,
             "status": "ok", "queries": 5},
            {"name": "sessions list", "role": "officer", "admin": "", "reference": False,
             "status": "not available yet"},
        ],
        "rows": {"schools": 800},
    }  # fmt: skip
    run.plan2 = {"pages": [{"name": "schools list", "queries": 6}]}
    run.load = {"admin changelist: schools.School": _result(100, 200), "schools list": _result(90, 400)}
    run.workers_mb = [80.0, 300.0]
    text = bench.render(run, "make bench")
    line = next(li for li in text.splitlines() if li.startswith("| schools list"))
    assert "MISSED" in line and "0.90×" in line and "5 / 6" in line
    assert "| sessions list | not available yet |" in text
    assert "Page goals overall: p95 MISSED, vs admin MISSED, queries MISSED." in text
    assert "| gunicorn worker RSS after the run | 80 MB, 300 MB | < 250 MB | MISSED |" in text


def test_ceiling_view_is_off_by_default(client):
    assert settings.BENCH_CEILING_VIEW is False
    assert client.get("/bench/ceiling/").status_code == 404


def test_ceiling_view_answers_a_constant():
    from csu.views import bench_ceiling

    response = bench_ceiling(RequestFactory().get("/bench/ceiling/"))
    assert response.status_code == 200 and response.content == b"ok"


def test_visit_rows_judge_the_first_request_after_a_write_and_the_phone_visit():
    rows = bench.visit_rows(
        {
            "after write": {"pages": {"board": {"status": "ok", "median": 40.0, "max": 95.0}}},
            "phone": {"status": "ok", "first_kb": 61.0, "first_requests": 6, "repeat_kb": 25.0, "repeat_requests": 1},
        }
    )
    assert rows[0][0] == "first request after a write: board" and rows[0][-1] == bench.verdict(False)
    assert rows[1][-1] == f"{bench.verdict(True)} / {bench.verdict(False)}"
    assert bench.visit_rows({})[-1][1] == "not run"
