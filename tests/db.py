"""The test databases on PostgreSQL, cloned from one migrated template instead of migrated one by one.

Running the migrations into an empty database takes most of a minute here (Django renders every historical model
state), and each pytest-xdist worker needs its own database. So the first worker of a run migrates a template
database, named after a digest of everything that decides what a migrated database holds (the project's code,
migrations and reference data included, and the installed packages' versions), and every worker's database is
then `CREATE DATABASE ... TEMPLATE` of it, which takes about a second. The template is kept for the next run with
the same code; a template of older code with the same prefix is dropped when a new one is made.

One file lock per template prefix orders the workers: the first migrates, the others wait, then clone.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections

ROOT = Path(__file__).resolve().parent.parent


def _digest() -> str:
    from csu.registry import PROJECT_APPS

    sha = hashlib.sha256()
    files = [ROOT / "pyproject.toml"]
    for app in sorted(PROJECT_APPS):
        files += sorted((ROOT / app).rglob("*.py"))
    for path in files:
        sha.update(str(path.relative_to(ROOT)).encode())
        sha.update(path.read_bytes())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions())
    sha.update("\n".join(packages).encode())
    return sha.hexdigest()[:12]


@contextmanager
def locked(path: Path):
    """An exclusive lock on the file `path`, shared by the processes of a test run (xdist workers)."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _databases(cursor, prefix: str) -> set[str]:
    cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix.replace("_", r"\_") + "%"])
    return {row[0] for row in cursor.fetchall()}


def setup_from_template(alias: str = "default") -> list:
    """Make the test database of `alias` (its xdist-suffixed TEST NAME) as a copy of the migrated template, and
    point the connection at it. Returns what django.test.utils.teardown_databases takes."""
    connection = connections[alias]
    original_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    prefix = f"test_{original_name}_tpl_"[:50]
    template = prefix + _digest()
    quote = connection.ops.quote_name
    with locked(Path(tempfile.gettempdir()) / f"{prefix}.lock"):
        with connection._nodb_cursor() as cursor:
            existing = _databases(cursor, prefix)
        if template not in existing:
            connection.settings_dict["TEST"]["NAME"] = template
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            connection.close()
            with connection._nodb_cursor() as cursor:
                for stale in existing:  # templates of older code; one another run is cloning stays for next time
                    with suppress(DatabaseError):
                        cursor.execute(f"DROP DATABASE IF EXISTS {quote(stale)}")
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
            cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    connection.close()
    settings.DATABASES[alias]["NAME"] = connection.settings_dict["NAME"] = test_name
    connection.settings_dict["TEST"]["NAME"] = test_name
    return [(connection, original_name, True)]
