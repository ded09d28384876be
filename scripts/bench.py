#!/usr/bin/env python
"""`make bench` (issue 9): speed at the scale of a large service, on this machine, against PostgreSQL.

What it does, in order:
1. Derives its OWN databases from DATABASE_URL (`<name>_bench` for scale 1, `<name>_bench2` for scale 2; or
   BENCH_DATABASE_URL / BENCH2_DATABASE_URL), creates them if missing, migrates them and (re)generates the
   dataset with `manage.py generate_bench_data` unless it already holds the same scale, seed, generator version
   and migrations (the marker is a comment on the database).
2. Measures each page's query count in-process (test Client + CaptureQueriesContext) at scale 1 and 2.
3. Starts gunicorn (2 sync workers, DEBUG off, persistent connections) on a free loopback port, signs each role
   in by creating a session, and drives every page with 16 concurrent clients (wrk, or a Python fallback),
   next to two references: the Django admin changelist of the same model and a bare constant view.
4. Times the jobs the apps provide when they exist (annual report, reminder sweeps, school import, session CSV
   export) and reads the RSS of each gunicorn worker.
5. Prints the figures with each goal met/missed and appends them to docs/benchmarks.md.

Adding a page after a merge = adding a `Page` to PAGES; pages whose URL name does not resolve yet are listed
as "not available yet". Environment knobs: BENCH_DURATION (s per page, 15), BENCH_WARMUP (2), BENCH_CLIENTS
(16), BENCH_SCALE2=0 to skip scale 2, BENCH_LOADGEN=python to force the fallback load generator.

This module's top level imports no Django: the Django parts run in child processes (`--child MODE`) against
the database given to them, so that the parent's memory and settings never mix with what is measured.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LUA = """
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
function done(summary, latency, requests)
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d " ..
    "err_connect=%d err_read=%d err_write=%d err_status=%d err_timeout=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout))
end
"""

# --- goals (issue 9; this 2-core machine, scale 1) ------------------------------------------------------
GOAL_P95_MS = 250
GOAL_ADMIN_RATIO = 1.5
GOAL_REPORT_S = 20
GOAL_REPORT_MB = 400
GOAL_REPORT_SCALE_RATIO = 2.2
GOAL_SWEEP_S = 2
GOAL_IMPORT_S = 30
GOAL_EXPORT_S = 10
GOAL_EXPORT_FLAT_MB = 30  # RSS growth allowed while streaming once the first rows are out
GOAL_WORKER_MB = 250
GOAL_AFTER_WRITE_MS = 80  # issue 23: the first request after a write, in-process
GOAL_PHONE_FIRST_KB = 150  # issue 23: an officer's dashboard on a phone, first visit, every asset
GOAL_PHONE_REPEAT_KB = 20  # and a repeat visit


@dataclass(frozen=True)
class Page:
    name: str
    url_names: tuple[str, ...] = ()  # candidates, the first that resolves is used
    path: str = ""  # a fixed path instead of a URL name
    role: str = "coordinator"  # officer, coordinator, supervisor, admin, or "" (anonymous)
    query: str = ""
    kwargs: dict | None = None
    object_of: str = ""  # "schools.School": the URL takes pk= the busiest object of that model
    admin: str = ""  # model label whose admin changelist is this page's reference
    reference: bool = False


# The pages people use most. Add entries as the apps merge; the URL names below are the ones the issues ask for.
PAGES: list[Page] = [
    Page("ceiling: constant view", path="/bench/ceiling/", role="", reference=True),
    Page("dashboard: officer", ("dashboard_role",), role="officer", kwargs={"role": "officer"}),
    Page("dashboard: coordinator", ("dashboard_role",), role="coordinator", kwargs={"role": "coordinator"}),
    Page("dashboard: supervisor", ("dashboard_role",), role="supervisor", kwargs={"role": "supervisor"}),
    Page("schools list", ("schools:school_list",), admin="schools.School"),
    Page("school detail", ("schools:school_detail",), role="officer", object_of="schools.School"),
    Page(
        "calls for service list", ("schools:call_list", "schools:callforservice_list"), admin="schools.CallForService"
    ),
    Page("drills list", ("drills:drill_list",), role="officer", admin="drills.Drill"),
    Page("drills list, deep page", ("drills:drill_list",), role="officer", query="page=last", admin="drills.Drill"),
    Page("compliance board", ("drills:compliance", "drills:compliance_board", "drills:drill_compliance")),
    Page("sessions list", ("programs:session_list",), role="officer", admin="programs.Session"),
    Page("calendar month", ("calendar", "calendar_month", "events:calendar", "csu:calendar")),
]


def admin_reference(label: str) -> Page:
    app, model = label.lower().split(".")
    return Page(f"admin changelist: {label}", (f"admin:{app}_{model}_changelist",), role="admin", reference=True)


def all_pages() -> list[Page]:
    refs = []
    for page in PAGES:
        if page.admin and all(r.name != admin_reference(page.admin).name for r in refs):
            refs.append(admin_reference(page.admin))
    return [p for p in PAGES if p.reference] + refs + [p for p in PAGES if not p.reference]


# --- pure helpers (unit-tested in tests/bench) ----------------------------------------------------------


def bench_database_url(url: str, suffix: str) -> str:
    """`postgres://h/csu` → `postgres://h/csu_bench` (never the dev or the test database)."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") or "csu"
    if name.startswith("test_"):
        raise ValueError(f"Refusing to benchmark against a test database: {name}")
    if not name.endswith(suffix):
        name = f"{name}{suffix}"
    return urlunparse(parsed._replace(path="/" + name))


def parse_wrk(text: str) -> dict | None:
    """The figures of the BENCH_RESULT line our Lua `done()` prints, latencies in ms; None if absent."""
    match = re.search(r"^BENCH_RESULT (.*)$", text, re.MULTILINE)
    if not match:
        return None
    raw = {k: int(v) for k, v in (pair.split("=") for pair in match.group(1).split())}
    seconds = raw["duration_us"] / 1e6
    errors = raw["err_connect"] + raw["err_read"] + raw["err_write"] + raw["err_status"] + raw["err_timeout"]
    return {
        "requests": raw["requests"],
        "rps": raw["requests"] / seconds if seconds else 0.0,
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "max": raw["max_us"] / 1000,
        "errors": errors,
    }


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of `values` (0 < q <= 100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without float error
    return ordered[int(rank) - 1]


def verdict(met: bool | None) -> str:
    return "n/a" if met is None else ("met" if met else "MISSED")


def page_goals(result: dict, admin_rps: float | None) -> dict[str, bool | None]:
    """p95 under the goal without errors, and (when the admin reference exists) 1.5× its requests/s."""
    ok_latency = result["requests"] > 0 and result["p95"] < GOAL_P95_MS and result["errors"] == 0
    ratio_met = None if not admin_rps else result["rps"] >= GOAL_ADMIN_RATIO * admin_rps
    return {"p95": ok_latency, "vs admin": ratio_met}


def queries_stable(counts: list[int | None]) -> bool | None:
    """Same query count at every size measured (page 1 / deep page, scale 1 / scale 2); None if < 2 sizes."""
    known = [c for c in counts if c is not None]
    if len(known) < 2:
        return None
    return len(set(known)) == 1


def report_goals(s1: dict | None, s2: dict | None) -> dict[str, bool | None]:
    if not s1 or s1.get("status") != "ok":
        return {"time": None, "memory": None, "scale 2 ratio": None}
    ratio = None
    if s2 and s2.get("status") == "ok" and s1["seconds"]:
        ratio = s2["seconds"] / s1["seconds"] <= GOAL_REPORT_SCALE_RATIO
    return {"time": s1["seconds"] < GOAL_REPORT_S, "memory": s1["peak_mb"] < GOAL_REPORT_MB, "scale 2 ratio": ratio}


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# --- the Django side (child processes) ------------------------------------------------------------------


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csu.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _bench_users() -> dict:
    from django.db.models import Count, Q

    from accounts.models import User

    officer = (
        User.objects.filter(username__startswith="bench_officer")
        .annotate(current=Count("assignments", filter=Q(assignments__end__isnull=True)))
        .order_by("-current", "username")
        .first()
    )
    named = {
        u.username: u
        for u in User.objects.filter(username__in=["bench_coordinator", "bench_supervisor", "bench_admin"])
    }
    return {
        "officer": officer,
        "coordinator": named.get("bench_coordinator"),
        "supervisor": named.get("bench_supervisor"),
        "admin": named.get("bench_admin"),
    }


def _busiest(label: str):
    from django.apps import apps
    from django.db.models import Count

    model = apps.get_model(label)
    if label == "schools.School":
        return model.objects.annotate(n=Count("calls")).order_by("-n", "pk").first()
    return model.objects.order_by("pk").first()


def _resolve(page: Page) -> str | None:
    from django.urls import NoReverseMatch, reverse

    if page.path:
        from django.urls import Resolver404, resolve

        try:
            resolve(page.path)
        except Resolver404:
            return None
        return page.path + (f"?{page.query}" if page.query else "")
    kwargs = dict(page.kwargs or {})
    if page.object_of:
        obj = _busiest(page.object_of)
        if obj is None:
            return None
        kwargs["pk"] = obj.pk
    for name in page.url_names:
        try:
            return reverse(name, kwargs=kwargs or None) + (f"?{page.query}" if page.query else "")
        except NoReverseMatch:
            continue
    return None


def _sign_in(client, user) -> None:
    """Sign `user` in as they would be in production: with a verified second factor when OTP_REQUIRED_FOR names
    their role (supervisors, superusers), else their pages only redirect to the code or enrolment page."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.middleware import otp_required_for

    device = None
    if otp_required_for(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    client.force_login(user)
    if device is not None:  # what django_otp.login does once accounts:otp_verify accepts a code
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def child_plan() -> dict:
    """Resolve each page, sign each role in, count each page's queries (status and size too)."""
    _django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = _bench_users()
    cookies = {"": ""}
    clients = {"": Client(SERVER_NAME="127.0.0.1")}
    for role, user in users.items():
        if user is None:
            continue
        client = Client(SERVER_NAME="127.0.0.1")
        _sign_in(client, user)
        clients[role] = client
        cookies[role] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    pages = []
    for page in all_pages():
        entry = {"name": page.name, "role": page.role, "admin": page.admin, "reference": page.reference}
        path = _resolve(page) if page.role in clients else None
        entry["path"] = path
        if path is None:
            entry["status"] = "not available yet"
            pages.append(entry)
            continue
        client = clients[page.role]
        client.get(path)  # warm caches (permissions, templates) so the count is the steady-state one
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        entry.update(
            status="ok" if response.status_code == 200 else f"HTTP {response.status_code}",
            queries=len(queries),
            bytes=len(body),
            cookie=cookies.get(page.role, ""),
        )
        pages.append(entry)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    import django

    from committees.models import Meeting
    from drills.models import Drill
    from events.models import Event
    from programs.models import Session
    from schools.models import CallForService, School

    counts = {
        "schools": School.objects.count(),
        "calls for service": CallForService.objects.count(),
        "drills": Drill.objects.count(),
        "program sessions": Session.objects.count(),
        "committee meetings": Meeting.objects.count(),
        "events": Event.objects.count(),
    }
    return {"pages": pages, "postgres": pg_version, "django": django.get_version(), "rows": counts}


def _rollback(fn):
    """Run `fn` in a transaction that is rolled back: the bench data stays as generated."""
    from django.db import transaction

    class _Undo(Exception):
        pass

    result = {}
    try:
        with transaction.atomic():
            result = fn()
            raise _Undo
    except _Undo:
        pass
    return result


def _has(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def child_report() -> dict:
    """Build the annual report of the last complete school year, files included, then roll the rows back.

    The build goes through `reports.services.report_build`, the function the Celery task calls, so the figure is
    the one a supervisor waits for (minus the broker hop). Files go to a scratch MEDIA_ROOT that is removed.
    """
    _django()
    from django.test.utils import override_settings

    from reports import services
    from reports.models import AnnualReport
    from schools.models import SchoolYear

    supervisor = _bench_users()["supervisor"]
    year = SchoolYear.current() - 1

    def build():
        report = AnnualReport.objects.create(
            period_kind=AnnualReport.PeriodKind.SCHOOL_YEAR, year=year, requested_by=supervisor
        )
        started = time.monotonic()
        built = services.report_build(report_id=report.pk)
        seconds = time.monotonic() - started
        if built is None or built.status != AnnualReport.Status.READY:
            reason = built.failure_reason if built is not None else "not claimed"
            return {"status": f"build failed: {reason}"[:200]}
        return {"status": "ok", "seconds": seconds, "school_year": year, "pdf_kb": built.pdf_file.size / 1024}

    before = _rss_mb()
    with tempfile.TemporaryDirectory() as media, override_settings(MEDIA_ROOT=media):
        result = _rollback(build)
    return {**result, "peak_mb": _peak_mb(), "base_mb": before}


# Each app's reminder sweep: the function its beat task calls.
SWEEPS = {"drills": "drills.services", "committees": "committees.services"}


def child_sweep() -> dict:
    _django()
    import importlib

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    sweeps = {}
    for app, module_name in SWEEPS.items():
        fn = importlib.import_module(module_name).reminders_sweep

        def run(fn=fn):
            with CaptureQueriesContext(connection) as queries:
                started = time.monotonic()
                queued = fn(now=timezone.now())
                return {"seconds": time.monotonic() - started, "queries": len(queries), "queued": queued}

        sweeps[app] = _rollback(run)
    return {
        "status": "ok",
        "seconds": sum(s["seconds"] for s in sweeps.values()),
        "queries": sum(s["queries"] for s in sweeps.values()),
        "apps": sweeps,
    }


OTTAWA_HEADER = [
    "OBJECTID", "BOARD", "CATEGORY", "NAME", "NUM", "STREET", "PHONE", "FULL_BOARD", "CATEGORY_FR", "BOARD_FR",
    "NAME_FR", "FULL_BOARD_FR", "GlobalID", "LONGITUDE", "LATITUDE",
]  # fmt: skip


def write_ottawa_csv(path: Path, rows: int, seed: int = 9) -> None:
    """`rows` schools in the layout of the City of Ottawa open data file (shared/data/README.md)."""
    import csv
    import random
    import uuid

    rng = random.Random(seed)
    boards = [
        ("OCDSB", "Ottawa-Carleton District School Board", "Conseil scolaire du district d'Ottawa-Carleton"),
        ("OCSB", "Ottawa Catholic School Board", "Conseil des écoles catholiques d'Ottawa"),
        ("CECCE", "Conseil des écoles catholiques du Centre-Est", "Conseil des écoles catholiques du Centre-Est"),
        ("CÉPEO", "Conseil des écoles publiques de l'Est de l'Ontario", "Conseil des écoles publiques de l'Est"),
        ("Private", "Private", "Privée"),
    ]
    categories = [
        ("Elementary", "Élémentaire"),
        ("Secondary", "Secondaire"),
        ("Elementary/Secondary", "Élémentaire/Secondaire"),
    ]
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(OTTAWA_HEADER)
        for index in range(rows):
            code, full, full_fr = rng.choice(boards)
            cat, cat_fr = rng.choice(categories)
            writer.writerow(
                [
                    10000 + index, code, cat, f"Bench Import School {index + 1}", rng.randint(1, 3000),
                    rng.choice(["Bank St", "prom. Riverside Dr", "ch. Montréal Rd"]),
                    f"613-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}" if rng.random() > 0.05 else "",
                    full, cat_fr, code, f"École d'import {index + 1}", full_fr,
                    "{" + str(uuid.UUID(int=rng.getrandbits(128))).upper() + "}",
                    f"{-75.9 + rng.random() * 0.6:.8f}", f"{45.2 + rng.random() * 0.3:.8f}",
                ]
            )  # fmt: skip


def child_import() -> dict:
    _django()
    if not _has("schools.importer"):
        return {"status": "not available yet"}
    from django.core.management import call_command

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "schools-10000.csv"
        write_ottawa_csv(path, 10_000)
        started = time.monotonic()
        try:
            with open(os.devnull, "w") as quiet:
                _rollback(lambda: call_command("import_schools", str(path), stdout=quiet))
        except Exception as exc:  # report how the hook failed rather than stopping the whole bench
            return {"status": f"error: {type(exc).__name__}: {exc}"[:200]}
        return {"status": "ok", "seconds": time.monotonic() - started, "peak_mb": _peak_mb()}


def child_export() -> dict:
    """Stream the sessions of the last complete school year (about 20,000 at scale 1, the goal's size) from the
    sessions list as CSV, and watch this process's RSS while it streams."""
    _django()
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from schools.models import SchoolYear

    try:
        path = reverse("programs:session_list")
    except NoReverseMatch:
        return {"status": "not available yet"}
    client = Client(SERVER_NAME="127.0.0.1")
    _sign_in(client, _bench_users()["coordinator"])
    first, last = SchoolYear.bounds(SchoolYear.current() - 1)
    started = time.monotonic()
    response = client.get(path, {"format": "csv", "start": first.isoformat(), "end": last.isoformat()})
    if response.status_code != 200:
        return {"status": f"HTTP {response.status_code}"}
    if not response.streaming:
        return {"status": "not streamed", "seconds": time.monotonic() - started, "peak_mb": _peak_mb()}
    rows, settled, peak = 0, None, 0.0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        if settled is None and rows >= 1000:
            settled = _rss_mb()
        if rows % 500 == 0:
            peak = max(peak, _rss_mb())
    peak = max(peak, _rss_mb())
    growth = peak - (settled or peak)
    return {
        "status": "ok",
        "seconds": time.monotonic() - started,
        "rows": rows - 1,
        "peak_mb": peak,
        "growth_mb": growth,
    }


def _visits():
    """scripts/bench_visits.py (the writer, the first request after a write, the phone visit), beside this file."""
    sys.path.insert(1, str(Path(__file__).resolve().parent))
    import bench_visits

    return bench_visits


CHILDREN = {
    "plan": child_plan,
    "writer": lambda: _visits().child_writer(sys.modules[__name__]),
    "after_write": lambda: _visits().child_after_write(sys.modules[__name__]),
    "phone": lambda: _visits().child_phone(),
    "report": child_report,
    "sweep": child_sweep,
    "import": child_import,
    "export": child_export,
}


# --- the parent: databases, gunicorn, load -------------------------------------------------------------


def bench_env(database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=database_url,
        ENV_FILE="",  # a developer's .env (DEBUG=1...) must not leak into the measurement
        DEBUG="0",
        SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DB_CONN_MAX_AGE="600",
        BENCH_CEILING_VIEW="1",
        CELERY_BROKER_URL="",
        # Production's shared cache (csu.cache, {% cache %}): every gunicorn worker and the writer use one Redis.
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/1"),
        LOG_LEVEL="WARNING",
    )
    return env


def ensure_database(url: str) -> None:
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    conn = psycopg2.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    conn.close()


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)  # noqa: S603


def run_child(mode: str, env: dict) -> dict:
    done = subprocess.run(  # noqa: S603
        [PYTHON, str(Path(__file__).resolve()), "--child", mode], env=env, cwd=ROOT, capture_output=True, text=True
    )
    for line in done.stdout.splitlines()[::-1]:
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON ") :])
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return {"status": f"error: {tail[0][:160]}"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, cookie: str, timeout: float = 30) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - started


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    gunicorn = str(Path(PYTHON).with_name("gunicorn"))
    cmd = [gunicorn, "csu.wsgi:application", "--workers", "2", "--worker-class", "sync"]
    cmd += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--error-logfile", str(log), "--timeout", "60"]
    quiet = subprocess.DEVNULL
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=quiet, stderr=quiet)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if http_get(port, "/health/", "", timeout=5)[0] == 200:
                return proc
        except OSError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"gunicorn did not start; see {log}")


def drain(port: int) -> None:
    """Wait until gunicorn has served what a load run left queued: wrk closes its connections when its time is
    up, but the sync workers still serve every request already sent. One more request queues behind them and
    returns once they are done, so the measurement that follows starts on idle workers."""
    with contextlib.suppress(OSError):
        http_get(port, "/health/", "", timeout=120)


def worker_rss_mb(master_pid: int) -> list[float]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", status, re.MULTILINE):
            match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                found.append(int(match.group(1)) / 1024)
    return sorted(found)


def load_wrk(port: int, path: str, cookie: str, seconds: float, clients: int, script: Path) -> dict:
    url = f"http://127.0.0.1:{port}{path}"
    cmd = ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "10s", "-s", str(script), url]
    done = subprocess.run(cmd, env={**os.environ, "BENCH_COOKIE": cookie}, capture_output=True, text=True)  # noqa: S603
    result = parse_wrk(done.stdout)
    if result is None:
        raise RuntimeError(f"wrk gave no result: {done.stdout[-300:]} {done.stderr[-300:]}")
    return result


def load_python(port: int, path: str, cookie: str, seconds: float, clients: int) -> dict:
    """Fallback when wrk is missing: `clients` threads, each one request after another, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        mine, bad = [], 0
        while time.monotonic() < stop:
            try:
                status, took = http_get(port, path, cookie, timeout=10)
                mine.append(took * 1000)
                bad += status >= 400
            except OSError:
                bad += 1
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "max": max(latencies, default=0.0),
        "errors": errors[0],
    }


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    return {
        "nproc": os.cpu_count(),
        "memory": f"{int(mem.group(1)) / 2**20:.1f} GiB" if mem else "unknown",
        "cpu": cpu,
        "python": platform.python_version(),
        "load average before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


@dataclass
class Run:
    started: str
    machine: dict
    loadgen: str
    duration: float
    clients: int
    plan1: dict = field(default_factory=dict)
    plan2: dict = field(default_factory=dict)
    load: dict = field(default_factory=dict)
    workers_mb: list = field(default_factory=list)
    jobs: dict = field(default_factory=dict)
    writer: dict = field(default_factory=dict)


def page_rows(run: Run) -> tuple[list[list], dict[str, bool | None]]:
    """One row per page, and the overall verdict of each page goal."""
    by_name = {p["name"]: p for p in run.plan1.get("pages", [])}
    scale2 = {p["name"]: p for p in run.plan2.get("pages", [])}
    ceiling = run.load.get("ceiling: constant view", {}).get("rps")
    rows, overall = [], {"p95": None, "vs admin": None, "queries": None}
    for name, entry in by_name.items():
        result = run.load.get(name)
        if entry.get("status") != "ok" or result is None:
            rows.append([name, entry.get("status", "?")] + [None] * 10)
            continue
        admin = run.load.get(f"admin changelist: {entry['admin']}", {}).get("rps") if entry["admin"] else None
        goals = page_goals(result, admin) if not entry["reference"] else {"p95": None, "vs admin": None}
        sizes = [entry.get("queries"), scale2.get(name, {}).get("queries")]
        deep = by_name.get(f"{name}, deep page")
        if deep:
            sizes.append(deep.get("queries"))
        stable = queries_stable(sizes)
        for key, met in (*goals.items(), ("queries", stable)):
            if met is not None and overall[key] is not False:
                overall[key] = met
        rows.append(
            [
                name,
                entry["role"] or "anonymous",
                result["rps"],
                result["p50"],
                result["p95"],
                result["p99"],
                result["errors"],
                f"{entry['queries']} / {fmt(scale2.get(name, {}).get('queries'))}",
                f"{result['rps'] / admin:.2f}×" if admin else "–",
                f"{result['rps'] / ceiling:.2f}×" if ceiling else "–",
                verdict(goals["p95"]),
                verdict(goals["vs admin"]) + " / " + verdict(stable),
            ]
        )
    return rows, overall


def job_rows(run: Run) -> list[list]:
    jobs = run.jobs
    rows = []
    r1, r2 = jobs.get("report 1"), jobs.get("report 2")
    goals = report_goals(r1, r2)
    if r1 and r1.get("status") == "ok":
        ratio = f"{r2['seconds'] / r1['seconds']:.2f}×" if r2 and r2.get("status") == "ok" else "–"
        rows.append(
            [
                "annual report build",
                f"{r1['seconds']:.1f} s, peak {r1['peak_mb']:.0f} MB; scale 2 {ratio}",
                f"< {GOAL_REPORT_S} s, < {GOAL_REPORT_MB} MB, scale 2 ≤ {GOAL_REPORT_SCALE_RATIO}×",
                " / ".join(verdict(v) for v in goals.values()),
            ]
        )
    else:
        rows.append(["annual report build", (r1 or {}).get("status", "not run"), f"< {GOAL_REPORT_S} s", "n/a"])
    s1, s2 = jobs.get("sweep 1"), jobs.get("sweep 2")
    if s1 and s1.get("status") == "ok":
        fixed = queries_stable([s1["queries"], (s2 or {}).get("queries")])
        rows.append(
            [
                "reminder sweep",
                f"{s1['seconds']:.2f} s, {s1['queries']} queries (scale 2: {fmt((s2 or {}).get('queries'))})",
                f"< {GOAL_SWEEP_S} s, fixed queries",
                f"{verdict(s1['seconds'] < GOAL_SWEEP_S)} / {verdict(fixed)}",
            ]
        )
    else:
        rows.append(["reminder sweep", (s1 or {}).get("status", "not run"), f"< {GOAL_SWEEP_S} s", "n/a"])
    imp = jobs.get("import") or {}
    if imp.get("status") == "ok":
        rows.append(
            [
                "import 10,000 schools (CSV)",
                f"{imp['seconds']:.1f} s, peak {imp['peak_mb']:.0f} MB",
                f"< {GOAL_IMPORT_S} s",
                verdict(imp["seconds"] < GOAL_IMPORT_S),
            ]
        )
    else:
        rows.append(["import 10,000 schools (CSV)", imp.get("status", "not run"), f"< {GOAL_IMPORT_S} s", "n/a"])
    exp = jobs.get("export") or {}
    if exp.get("status") == "ok":
        flat = exp["growth_mb"] < GOAL_EXPORT_FLAT_MB
        rows.append(
            [
                "CSV export of sessions (last school year)",
                f"{exp['rows']:,} rows in {exp['seconds']:.1f} s, peak {exp['peak_mb']:.0f} MB, "
                f"+{exp['growth_mb']:.0f} MB while streaming",
                f"< {GOAL_EXPORT_S} s, flat memory",
                f"{verdict(exp['seconds'] < GOAL_EXPORT_S)} / {verdict(flat)}",
            ]
        )
    else:
        name = "CSV export of sessions (last school year)"
        rows.append([name, exp.get("status", "not run"), f"< {GOAL_EXPORT_S} s", "n/a"])
    rows += visit_rows(jobs)
    if run.workers_mb:
        worst = max(run.workers_mb)
        rows.append(
            [
                "gunicorn worker RSS after the run",
                ", ".join(f"{m:.0f} MB" for m in run.workers_mb),
                f"< {GOAL_WORKER_MB} MB",
                verdict(worst < GOAL_WORKER_MB),
            ]
        )
    return rows


def visit_rows(jobs: dict) -> list[list]:
    """The first request after a write (per page) and the officer's phone visit."""
    rows = []
    after = jobs.get("after write") or {}
    for name, page in (after.get("pages") or {}).items():
        if page.get("status") == "ok":
            figures = f"median {page['median']:.0f} ms, worst {page['max']:.0f} ms"
            rows.append([f"first request after a write: {name}", figures, f"< {GOAL_AFTER_WRITE_MS} ms",
                         verdict(page["max"] < GOAL_AFTER_WRITE_MS)])  # fmt: skip
        else:
            rows.append([f"first request after a write: {name}", page.get("status"), "", "n/a"])
    if not after.get("pages"):
        rows.append(["first request after a write", after.get("status", "not run"), "", "n/a"])
    phone = jobs.get("phone") or {}
    if phone.get("status") == "ok":
        light = (phone["first_kb"] < GOAL_PHONE_FIRST_KB, phone["repeat_kb"] < GOAL_PHONE_REPEAT_KB)
        rows.append([
            "officer's dashboard, 375 px Chromium",
            f"first visit {phone['first_kb']:.0f} KB ({phone['first_requests']} requests), repeat "
            f"{phone['repeat_kb']:.0f} KB ({phone['repeat_requests']})",
            f"< {GOAL_PHONE_FIRST_KB} KB / < {GOAL_PHONE_REPEAT_KB} KB",
            " / ".join(verdict(met) for met in light),
        ])  # fmt: skip
    else:
        rows.append(["officer's dashboard, 375 px Chromium", phone.get("status", "not run"), "", "n/a"])
    return rows


def render(run: Run, command: str) -> str:
    rows, overall = page_rows(run)
    page_table = markdown_table(
        ["page", "role", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "queries s1 / s2", "vs admin", "vs ceiling",
         f"p95 < {GOAL_P95_MS} ms", f"≥ {GOAL_ADMIN_RATIO}× admin / fixed queries"],
        rows,
    )  # fmt: skip
    jobs_table = markdown_table(["job", "figures", "goal", "verdict"], job_rows(run))
    m = run.machine
    busy = float(m["load average before"].split()[0]) > (m["nproc"] or 1)
    lines = [
        f"## {run.started}",
        "",
        *(
            [
                f"**Busy machine** (load average {m['load average before']} before, {m.get('load average after', '?')} "
                f"after, on {m['nproc']} CPUs): other processes shared the CPUs, the figures are not final.",
                "",
            ]
            if busy
            else []
        ),
        f"Command: `{command}`. Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']}, load average before "
        f"{m['load average before']}. Python {m['python']}, Django {run.plan1.get('django', '?')}, PostgreSQL "
        f"{run.plan1.get('postgres', '?')}. Load: {run.loadgen}, {run.clients} concurrent clients, "
        f"{run.duration:g} s per page, gunicorn 2 sync workers, DEBUG off, persistent connections.",
        "",
        "Data (scale 1): " + ", ".join(f"{v:,} {k}" for k, v in run.plan1.get("rows", {}).items()) + ".",
        "",
        "Background writer during the page load (a drill, a session and a call saved each second through the "
        f"services): {_writer_text(run.writer)}.",
        "",
        page_table,
        "",
        "Page goals overall: " + ", ".join(f"{k} {verdict(v)}" for k, v in overall.items()) + ".",
        "",
        jobs_table,
        "",
    ]
    return "\n".join(lines)


def _writer_text(writer: dict) -> str:
    if not writer:
        return "off (BENCH_WRITER=0)"
    if writer.get("status") != "ok":
        return str(writer.get("status"))
    saved = writer.get("saved", {})
    text = f"{writer.get('seconds', 0)} s, " + ", ".join(f"{v} {k} saves" for k, v in saved.items())
    if writer.get("refused"):
        text += "; refused: " + "; ".join(f"{k}: {v}" for k, v in writer["refused"].items())
    return text


DOC_HEADER = """# Benchmarks

`make bench` (scripts/bench.py) replaces the "Latest run" section below with its figures; the conclusions above it
are kept by hand.

"""
LATEST = "## Latest run"


def write_doc(text: str) -> Path:
    path = ROOT / "docs" / "benchmarks.md"
    path.parent.mkdir(exist_ok=True)
    existing = path.read_text() if path.exists() else DOC_HEADER
    kept = existing.split(f"\n{LATEST}\n", 1)[0].rstrip("\n")  # the conclusions; the previous run is dropped
    path.write_text(f"{kept}\n\n{LATEST}\n\n{text.replace('## ', '### ', 1)}")
    return path


def main() -> int:
    source = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/csu")
    url1 = os.environ.get("BENCH_DATABASE_URL") or bench_database_url(source, "_bench")
    url2 = os.environ.get("BENCH2_DATABASE_URL") or bench_database_url(source, "_bench2")
    with_scale2 = os.environ.get("BENCH_SCALE2", "1") != "0"
    duration = float(os.environ.get("BENCH_DURATION", "15"))
    warmup = float(os.environ.get("BENCH_WARMUP", "2"))
    clients = int(os.environ.get("BENCH_CLIENTS", "16"))
    use_wrk = shutil.which("wrk") is not None and os.environ.get("BENCH_LOADGEN") != "python"
    started = time.monotonic()
    run = Run(
        started=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        machine=machine(),
        loadgen="wrk (1 thread, Lua percentiles)" if use_wrk else "Python threads (wrk not installed)",
        duration=duration,
        clients=clients,
    )
    env1, env2 = bench_env(url1), bench_env(url2)

    scales = [(1, url1, env1)] + ([(2, url2, env2)] if with_scale2 else [])
    for scale, url, env in scales:
        print(f"== data, scale {scale}: {urlparse(url).path.lstrip('/')}", flush=True)
        ensure_database(url)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "generate_bench_data", "--scale", str(scale), "--reset", "--skip-if-current")
    manage(env1, "collectstatic", "--noinput", "-v0")

    print("== query counts (in-process, test Client)", flush=True)
    run.plan1 = run_child("plan", env1)
    if "pages" not in run.plan1:
        raise SystemExit(f"planning failed: {run.plan1}")
    if with_scale2:
        run.plan2 = run_child("plan", env2)

    port = free_port()
    log = Path(tempfile.gettempdir()) / f"csu-bench-gunicorn-{port}.log"
    print(f"== load: gunicorn on 127.0.0.1:{port}, {clients} clients, {duration:g} s per page", flush=True)
    proc = start_gunicorn(env1, port, log)
    writer = None
    if os.environ.get("BENCH_WRITER", "1") != "0":
        writer = subprocess.Popen(  # noqa: S603
            [PYTHON, str(Path(__file__).resolve()), "--child", "writer"],
            env=env1,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    try:
        with tempfile.TemporaryDirectory() as tmp:
            script = Path(tmp) / "cookie.lua"
            script.write_text(LUA)
            for entry in run.plan1["pages"]:
                if entry.get("status") != "ok":
                    print(f"  {entry['name']:<40} {entry.get('status')}", flush=True)
                    continue
                status, _ = http_get(port, entry["path"], entry["cookie"])
                if status != 200:
                    entry["status"] = f"HTTP {status} under gunicorn"
                    print(f"  {entry['name']:<40} {entry['status']}", flush=True)
                    continue
                if use_wrk:
                    load_wrk(port, entry["path"], entry["cookie"], warmup, clients, script)
                    drain(port)
                    result = load_wrk(port, entry["path"], entry["cookie"], duration, clients, script)
                else:
                    load_python(port, entry["path"], entry["cookie"], warmup, clients)
                    drain(port)
                    result = load_python(port, entry["path"], entry["cookie"], duration, clients)
                if result["requests"] == 0:
                    entry["status"] = f"no answer within {duration:g} s"
                    print(f"  {entry['name']:<40} {entry['status']}", flush=True)
                    continue
                run.load[entry["name"]] = result
                print(
                    f"  {entry['name']:<40} {result['rps']:7.1f} req/s  p50 {result['p50']:6.1f}  "
                    f"p95 {result['p95']:6.1f}  p99 {result['p99']:6.1f} ms  errors {result['errors']}  "
                    f"queries {entry['queries']}",
                    flush=True,
                )
        run.workers_mb = worker_rss_mb(proc.pid)
        officer = next((e for e in run.plan1["pages"] if e["name"] == "dashboard: officer"), {})
        if officer.get("status") == "ok":
            phone_env = {**env1, "BENCH_PHONE_URL": f"http://127.0.0.1:{port}{officer['path']}",
                         "BENCH_PHONE_COOKIE": officer["cookie"]}  # fmt: skip
            run.jobs["phone"] = run_child("phone", phone_env)
            print(f"  officer's dashboard on a phone: {run.jobs['phone']}", flush=True)
    finally:
        if writer is not None:
            writer.send_signal(signal.SIGTERM)
            out, err = writer.communicate(timeout=60)
            found = [line for line in out.splitlines() if line.startswith("BENCH_JSON ")]
            run.writer = json.loads(found[-1][len("BENCH_JSON ") :]) if found else {"status": f"error: {err[-160:]}"}
            print(f"  background writer: {run.writer}", flush=True)
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    if os.environ.get("BENCH_PAGES_ONLY") == "1":
        print("BENCH_PAGES_ONLY=1: jobs skipped, docs/benchmarks.md left as it was")
        return 0
    print("== jobs", flush=True)
    run.jobs["report 1"] = run_child("report", env1)
    if with_scale2 and run.jobs["report 1"].get("status") == "ok":
        run.jobs["report 2"] = run_child("report", env2)
    run.jobs["sweep 1"] = run_child("sweep", env1)
    if with_scale2 and run.jobs["sweep 1"].get("status") == "ok":
        run.jobs["sweep 2"] = run_child("sweep", env2)
    run.jobs["after write"] = run_child("after_write", env1)
    run.jobs["import"] = run_child("import", env1)
    run.jobs["export"] = run_child("export", env1)

    run.machine["load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    command = "make bench"
    text = render(run, command) + f"\nWhole run: {time.monotonic() - started:.0f} s.\n"
    print()
    print(text)
    print(f"written to {write_doc(text).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("BENCH_JSON " + json.dumps(CHILDREN[args.child](), default=str))
        sys.exit(0)
    sys.exit(main())
