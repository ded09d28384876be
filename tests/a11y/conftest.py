import datetime as dt
import io
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import User
from tests.db import locked

from .pages import Discovery, discover

ROLES = {"officer": "officer1", "coordinator": "coordinator", "supervisor": "supervisor"}
LANGUAGES = ["en-ca", "fr-ca"]


def _seed() -> None:
    from retention.services import review_create

    call_command("seed_demo", stdout=io.StringIO())
    review_create(today=timezone.localdate() + dt.timedelta(days=3660))


def _pg(command: str, *args) -> None:
    db = connection.settings_dict
    done = subprocess.run(  # noqa: S603 - fixed programs, the test database's own parameters
        [shutil.which(command), "--no-password", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432),
         "-U", db["USER"] or "postgres", "-d", db["NAME"], *map(str, args)],
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


@pytest.fixture(scope="session")
def _shared(tmp_path_factory, worker_id) -> Path:
    """A directory every pytest-xdist worker of this run sees (the parent of the workers' own temp roots)."""
    base = tmp_path_factory.getbasetemp()
    path = (base.parent if worker_id != "master" else base) / "a11y-demo"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def demo(db, _shared):
    """The demo data of every app (seed_demo), so that record pages have rows to show; and a retention review,
    listed as if ten years had passed, so that its page has rows too (the demo data is too recent to be due).

    Seeding takes most of a minute (it builds a report PDF); the browser tests each need it afresh, since a
    transactional test empties the database after it. So the first test of the run to need it seeds and dumps it
    (pg_dump, data only) and every later one, in any worker, restores the dump (about a second): byte for byte
    the same data, primary keys included. A lock makes the other workers wait for the first seeding."""
    dump = _shared / "demo.dump"
    if not _fast_path():
        _seed()
    else:
        with locked(_shared / "lock"):
            if dump.exists():
                tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
                with connection.cursor() as cursor:
                    for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                        cursor.execute(sql)
                _pg("pg_restore", "--data-only", "--disable-triggers", "--single-transaction", dump)
            else:
                _seed()
                partial = dump.with_suffix(".partial")
                _pg(
                    "pg_dump", "--data-only", "--format=custom", "--exclude-table=django_migrations", "-f", str(partial)
                )
                partial.rename(dump)
    cache.clear()
    # Each flush re-creates the content types under new ids (post_migrate); the restore brings back the dumped
    # ones, so the ids this process remembers may no longer exist.
    ContentType.objects.clear_cache()
    return {role: User.objects.get(username=username) for role, username in ROLES.items()}


@pytest.fixture
def discovered(demo, _shared):
    """`discovered(role)` (a key of ROLES, or "anonymous"): the pages that role can open in the demo data.

    Discovery tries every URL with the test client (several seconds a role). Its answer depends only on the data,
    and every test restoring the dump gets the same data, so it is worked out once per role and run and kept
    beside the dump for the other workers. Without the dump (a test in a transaction, or no pg_dump: seeded
    afresh each time, new primary keys), each call discovers again."""
    same_data = _fast_path()

    def get(role: str) -> Discovery:
        kept = _shared / f"discovered-{role}.pickle"
        if same_data and kept.exists():
            return pickle.loads(kept.read_bytes())  # noqa: S301 - written by this test run, a few lines below
        client = Client()
        if role != "anonymous":
            client.force_login(demo[role])
        found = discover(client)
        if same_data:
            partial = kept.with_suffix(f".{os.getpid()}")
            partial.write_bytes(pickle.dumps(found))
            partial.rename(kept)
        return found

    return get
