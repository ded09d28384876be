import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='csu.settings'; "
            "from django.conf import settings; settings.DEBUG; print('loaded')",
        ],
        cwd=ROOT,
        env={**clean, "ENV_FILE": "", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _load_settings(DEBUG="0", ALLOWED_HOSTS="csu.example")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key():
    result = _load_settings(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="csu.example")
    assert result.returncode == 0, result.stderr
    assert "loaded" in result.stdout


def test_bad_boolean_fails_loudly():
    result = _load_settings(DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be true/false" in result.stderr


@pytest.mark.django_db
def test_database_sessions_run_without_parallel_query():
    """DB_PARALLEL_WORKERS (default 0) reaches PostgreSQL on every connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


_LDAP = {
    "LDAP_USER_SEARCH_BASE": "ou=people,dc=x",
    "LDAP_GROUP_SEARCH_BASE": "ou=groups,dc=x",
    "LDAP_GROUP_OFFICER": "cn=officers,ou=groups,dc=x",
}


def test_directory_sign_in_refuses_plain_ldap_in_production():
    result = _load_settings(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="a", LDAP_SERVER_URI="ldap://dc", **_LDAP)
    assert result.returncode != 0
    assert "LDAP_START_TLS" in result.stderr


def test_directory_sign_in_with_starttls_loads_and_names_a_missing_variable():
    env = {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a", "LDAP_SERVER_URI": "ldap://dc"}
    assert _load_settings(**env, LDAP_START_TLS="1", **_LDAP).returncode == 0
    missing = _load_settings(**env, LDAP_START_TLS="1", LDAP_GROUP_OFFICER="cn=o")
    assert missing.returncode != 0
    assert "LDAP_USER_SEARCH_BASE" in missing.stderr


def test_the_shared_cache_keys_carry_the_release(tmp_path, monkeypatch):
    """A release that changes a template or a module never reads what the previous one kept in Redis."""
    from csu import settings as project_settings

    monkeypatch.setattr(project_settings, "BASE_DIR", tmp_path)
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>{{ one }}</p>")
    (tmp_path / "tests").mkdir()
    first = project_settings._release_fingerprint()
    (tmp_path / "tests" / "test_x.py").write_text("x = 1")  # tests are not part of a release
    assert project_settings._release_fingerprint() == first
    page.write_text("<p>{{ two }}</p>")
    assert project_settings._release_fingerprint() != first
    shown = subprocess.run(
        [sys.executable, "-c", "from csu import settings as s; print(s.CACHES['default']['KEY_PREFIX'])"],
        cwd=ROOT,
        env={
            **os.environ,
            "ENV_FILE": "",
            "PYTHONPATH": str(ROOT),
            "CACHE_URL": "redis://127.0.0.1:6379/5",
            "DEBUG": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    monkeypatch.undo()
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == f"csu:{project_settings._release_fingerprint()}"
