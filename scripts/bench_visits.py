"""`make bench`, the parts about writes and visits (scripts/bench.py runs them as child processes):

- `child_writer`: the background writer that runs during the page load (a drill, a session and a call saved each
  second through the services, as officers do), so that cached results are invalidated while they are measured.
- `child_after_write`: the first request after such a write, in-process (test Client), for each dashboard, the
  compliance board and the calendar month: the page a person sees right after someone saved something.
- `child_phone`: an officer's dashboard in Chromium at 375 px against the running gunicorn: bytes transferred on
  a first visit (empty cache, every asset) and on a repeat visit (the browser's cache as it is).

Imports no Django at the top: the child modes set Django up themselves, against the database given to them.
"""

from __future__ import annotations

import os
import signal
import statistics
import threading
import time

AFTER_WRITE_PAGES = ("dashboard: officer", "dashboard: coordinator", "dashboard: supervisor", "compliance board",
                     "calendar month")  # fmt: skip
AFTER_WRITE_ROUNDS = 7


class Writer:
    """One round = one drill, one session and one call saved through the services, each in its own transaction."""

    def __init__(self, by):
        from django.utils import timezone

        from drills.models import Drill
        from programs.models import Session
        from schools.models import CallForService

        self.by = by
        self.saved = {"drill": 0, "session": 0, "call": 0}
        self.refused: dict[str, str] = {}
        now = timezone.now()
        self.drills = list(
            Drill.objects.filter(status=Drill.Status.SCHEDULED, scheduled_for__gt=now).order_by("scheduled_for")[:50]
        )
        self.sessions = list(Session.objects.active().order_by("-starts_at")[:50])
        self.calls = list(
            CallForService.objects.filter(status=CallForService.Status.ACTIVE).order_by("-occurred_at")[:50]
        )

    def _attempt(self, kind: str, write) -> None:
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.db import transaction

        try:
            with transaction.atomic():
                write()
            self.saved[kind] += 1
        except (ValidationError, PermissionDenied, PermissionError, ValueError) as exc:
            self.refused[kind] = f"{type(exc).__name__}: {exc}"[:160]

    def round(self, step: int) -> None:
        import datetime as dt

        from drills.models import Drill
        from drills.services import drill_update
        from programs.models import Session
        from programs.services import session_update
        from schools.models import CallForService
        from schools.services import call_update

        by = self.by
        if self.drills:
            drill = Drill.objects.get(pk=self.drills[step % len(self.drills)].pk)
            shift = dt.timedelta(minutes=5 if step % 2 else -5)
            when = drill.scheduled_for + shift
            self._attempt(
                "drill", lambda: drill_update(user=by, drill=drill, version=drill.version, scheduled_for=when)
            )
        if self.sessions:
            session = Session.objects.get(pk=self.sessions[step % len(self.sessions)].pk)
            officers = list(session.officers.all())
            author = officers[0] if officers else by  # a session is changed by one of its officers
            self._attempt(
                "session",
                lambda: session_update(
                    session=session, data={"notes": f"bench write {step}"}, officers=officers, version=session.version,
                    by=author,
                ),
            )  # fmt: skip
        if self.calls:
            call = CallForService.objects.get(pk=self.calls[step % len(self.calls)].pk)
            summary = f"{call.summary.split(' [bench')[0]} [bench {step}]"
            self._attempt("call", lambda: call_update(call=call, expected_version=call.version, by=by, summary=summary))


def child_writer(harness) -> dict:
    """Writes once a second until SIGTERM; reports how many saves went through. `harness`: scripts/bench.py."""
    harness._django()
    writer = Writer(harness._bench_users()["supervisor"])
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    step = 0
    while not stop.is_set():
        started = time.monotonic()
        step += 1
        writer.round(step)
        stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))
    return {"status": "ok", "seconds": step, "saved": writer.saved, "refused": writer.refused}


def child_after_write(harness) -> dict:
    """For each page: a write round, then the timed first GET, AFTER_WRITE_ROUNDS times (the first, with cold
    templates and connections, is left out). Milliseconds, median and worst."""
    harness._django()
    from django.test import Client

    users = harness._bench_users()
    writer = Writer(users["supervisor"])
    clients = {}
    result: dict = {"status": "ok", "pages": {}}
    step = 10_000
    for page in (p for p in harness.PAGES if p.name in AFTER_WRITE_PAGES):
        path = harness._resolve(page)
        if path is None or users.get(page.role) is None:
            result["pages"][page.name] = {"status": "not available"}
            continue
        if page.role not in clients:
            clients[page.role] = Client(SERVER_NAME="127.0.0.1")
            harness._sign_in(clients[page.role], users[page.role])
        client = clients[page.role]
        times = []
        for _ in range(AFTER_WRITE_ROUNDS):
            step += 1
            writer.round(step)
            started = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                result["pages"][page.name] = {"status": f"HTTP {status}"}
                break
        else:
            kept = times[1:]
            result["pages"][page.name] = {"status": "ok", "median": statistics.median(kept), "max": max(kept)}
    result["saved"], result["refused"] = writer.saved, writer.refused
    return result


def child_phone() -> dict:
    """BENCH_PHONE_URL (the officer's dashboard under gunicorn) and BENCH_PHONE_COOKIE (their session): the bytes
    Chromium receives (CDP encodedDataLength: headers and bodies as sent, compressed where the server compressed)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"status": "Playwright not installed"}
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        return {"status": f"no Chromium at {chromium}"}
    url, cookie = os.environ["BENCH_PHONE_URL"], os.environ["BENCH_PHONE_COOKIE"]
    name, _, value = cookie.partition("=")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
        context.add_cookies([{"name": name, "value": value, "url": url}])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        received = {"bytes": 0, "requests": 0}

        def finished(event):
            received["bytes"] += event.get("encodedDataLength", 0)
            received["requests"] += 1

        cdp.on("Network.loadingFinished", finished)
        visits = []
        for _visit in ("first", "repeat"):
            received.update(bytes=0, requests=0)
            page.goto(url, wait_until="networkidle")
            visits.append(dict(received))
        browser.close()
    first, repeat = visits
    return {"status": "ok", "first_kb": first["bytes"] / 1024, "first_requests": first["requests"],
            "repeat_kb": repeat["bytes"] / 1024, "repeat_requests": repeat["requests"]}  # fmt: skip
