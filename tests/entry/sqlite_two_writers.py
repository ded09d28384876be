"""Run as a separate process against a fresh SQLite file (DATABASE_URL=sqlite:///…): two officers' requests at once.

Prints one JSON line: what each pair of simultaneous requests answered and how many records exist afterwards.
tests/entry/test_sqlite.py runs it; it is not a test module itself (the suite's database is PostgreSQL).
"""

import json
import os
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csu.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

setup_test_environment()
call_command("migrate", verbosity=0, interactive=False)

from accounts.models import Role, User  # noqa: E402
from accounts.services import user_set_role  # noqa: E402
from drills.models import Drill, DrillKind  # noqa: E402
from programs.models import Program, Session  # noqa: E402
from schools.models import Assignment, Board, School  # noqa: E402

officer = User.objects.create_user("sqlite_officer", password="x" * 16, display_name="Officer Lite")
user_set_role(user=officer, role=Role.OFFICER)
board = Board.objects.create(code="LITE", name_en="Lite board")
school = School.objects.create(name_en="Lite School", board=board, category="elementary")
Assignment.objects.create(school=school, officer=officer, start=dt.date(2020, 1, 1))
lockdown = DrillKind.objects.get_or_create(code="lockdown", defaults={"name_en": "Lockdown"})[0]
program = Program.objects.get_or_create(
    code="LITE",
    defaults={"name_en": "Lite", "sessions_min": 1, "sessions_max": 1, "available_from": dt.date(2000, 1, 1)},
)[0]
journal_mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
connection.close()

today = timezone.localdate()


def at_once(posts):
    """Send each (url, data) in its own thread with its own connection, released together; the status codes."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def send(i, url, data):
        client = Client(raise_request_exception=False)
        client.force_login(officer)
        try:
            barrier.wait(timeout=20)
            results[i] = client.post(url, data).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, *p)) for i, p in enumerate(posts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


drill = {
    "school": school.pk,
    "kind": lockdown.pk,
    "date": (today - dt.timedelta(days=1)).isoformat(),
    "start_time": "10:00",
    "end_time": "10:18",
    "announced": "on",
    "outcome": "satisfactory",
    "submission_key": "sqlite-same-key-0001",
}
same_key = at_once([("/drills/log/", drill), ("/drills/log/", drill)])
session = {
    "program": program.pk,
    "school": school.pk,
    "starts_at": f"{(today - dt.timedelta(days=1)).isoformat()}T09:30",
    "length_minutes": "60",
    "audience_count": "20",
    "language": "en",
}
two_sessions = at_once(
    [
        ("/programs/sessions/new/", {**session, "submission_key": "sqlite-session-key-a1"}),
        ("/programs/sessions/new/", {**session, "submission_key": "sqlite-session-key-b2"}),
    ]
)
print(
    json.dumps(
        {
            "journal_mode": journal_mode,
            "same_key": same_key,
            "drills": Drill.objects.count(),
            "two_sessions": two_sessions,
            "sessions": Session.objects.count(),
        }
    )
)
