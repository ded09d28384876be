"""`make bench`, the Django side (scripts/bench.py runs each `child_*` in a child process, `--child MODE`):

- the pages measured (`PAGES`; adding a page after a merge = adding a `Page` there) and the helpers every child
  mode shares: Django set up against the database given, the bench users, resolving a page, signing a role in,
  running a job in a transaction that is rolled back;
- `child_plan`: each page resolved, each role signed in, each page's query count (test Client);
- the jobs the apps provide: the annual report (`child_report`), the reminder sweeps (`child_sweep`), the school
  import (`child_import`) and the CSV export of sessions (`child_export`).

The writer, the first request after a write and the phone visit are in scripts/bench_visits.py.
Imports no Django at the top: the child modes set Django up themselves, against the database given to them.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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


def child_report(harness) -> dict:
    """Build the annual report of the last complete school year, files included, then roll the rows back.

    The build goes through `reports.services.report_build`, the function the Celery task calls, so the figure is
    the one a supervisor waits for (minus the broker hop). Files go to a scratch MEDIA_ROOT that is removed.
    `harness`: scripts/bench.py, where `_bench_users` is looked up (tests/bench replaces it there).
    """
    harness._django()
    from django.test.utils import override_settings

    from reports import services
    from reports.models import AnnualReport
    from schools.models import SchoolYear

    supervisor = harness._bench_users()["supervisor"]
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
