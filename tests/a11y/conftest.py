import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User

from .pages import Discovery, discover

ROLES = {"officer": "officer1", "coordinator": "coordinator", "supervisor": "supervisor"}
LANGUAGES = ["en-ca", "fr-ca"]
_DUMPS: dict[str, Path] = {}  # test database name -> the demo data dumped after its first seeding
_DISCOVERED: dict[tuple[str, str], Discovery] = {}  # (test database name, role) -> its pages in the dumped data


def _seed() -> None:
    from retention.services import review_create

    call_command("seed_demo", stdout=io.StringIO())
    review_create(today=timezone.localdate() + dt.timedelta(days=3660))


def _pg(command: str, *args: str) -> None:
    db = connection.settings_dict
    done = subprocess.run(  # noqa: S603 - fixed programs, the test database's own parameters
        [shutil.which(command), "--no-password", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
         "-U", db["USER"] or "postgres", "-d", db["NAME"], *args],
        capture_output=True, text=True,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{command} failed: {done.stderr[-2000:]}")


def _fast_path() -> bool:
    """Committed data on PostgreSQL with its client programs: a transactional test, which the browser tests are."""
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and bool(shutil.which("pg_dump") and shutil.which("pg_restore"))
    )


@pytest.fixture
def demo(db):
    """The demo data of every app (seed_demo), so that record pages have rows to show; and a retention review,
    listed as if ten years had passed, so that its page has rows too (the demo data is too recent to be due).

    Seeding takes about 12 s (it builds a report PDF); the browser tests each need it afresh, since a
    transactional test empties the database after it. So the first seeding on a test database is dumped
    (pg_dump, data only) and the next tests restore it (about a second), byte for byte the same data."""
    name = connection.settings_dict["NAME"]
    if not _fast_path():
        _seed()
    elif name in _DUMPS:
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with connection.cursor() as cursor:
            for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(sql)
        _pg("pg_restore", "--data-only", "--disable-triggers", "--single-transaction", str(_DUMPS[name]))
    else:
        _seed()
        path = Path(tempfile.mkdtemp(prefix="csu-a11y-")) / "demo.dump"
        _pg("pg_dump", "--data-only", "--format=custom", "--exclude-table=django_migrations", "-f", str(path))
        _DUMPS[name] = path
    cache.clear()
    return {role: User.objects.get(username=username) for role, username in ROLES.items()}


@pytest.fixture
def discovered(demo):
    """`discovered(role)` (a key of ROLES, or "anonymous"): the pages that role can open in the demo data.

    Discovery tries every URL with the test client (about 5 s a role). Its answer depends only on the data, and
    every transactional test of this process gets the same data (restored from the dump, primary keys included),
    so it is worked out once per role and process. Without the dump (a test in a transaction, or no pg_dump: seeded
    afresh each time, new primary keys), each call discovers again."""
    name = connection.settings_dict["NAME"]
    same_data = _fast_path() and name in _DUMPS

    def get(role: str) -> Discovery:
        if same_data and (name, role) in _DISCOVERED:
            return _DISCOVERED[name, role]
        client = Client()
        if role != "anonymous":
            client.force_login(demo[role])
        found = discover(client)
        if same_data:
            _DISCOVERED[name, role] = found
        return found

    return get
