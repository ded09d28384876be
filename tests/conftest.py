import os
import shutil
import socket
import subprocess
import time

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import Role, User
from accounts.services import user_set_role

PASSWORD = "correct-horse-battery-staple"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def make_user(username: str, role: str = "", **extra) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@csu.test",
        display_name=extra.pop("display_name", username.title()),
        **extra,
    )
    if role:
        user_set_role(user=user, role=role)
    return user


@pytest.fixture
def officer(db):
    return make_user("officer_a", Role.OFFICER)


@pytest.fixture
def other_officer(db):
    return make_user("officer_b", Role.OFFICER)


@pytest.fixture
def coordinator(db):
    return make_user("coord", Role.COORDINATOR)


@pytest.fixture
def supervisor(db):
    return make_user("super", Role.SUPERVISOR)


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("it_admin", "it@csu.test", PASSWORD)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer_client(officer):
    return _client_for(officer)


@pytest.fixture
def other_officer_client(other_officer):
    return _client_for(other_officer)


@pytest.fixture
def coordinator_client(coordinator):
    return _client_for(coordinator)


@pytest.fixture
def supervisor_client(supervisor):
    return _client_for(supervisor)


@pytest.fixture
def role_clients(officer_client, coordinator_client, supervisor_client):
    return {"officer": officer_client, "coordinator": coordinator_client, "supervisor": supervisor_client}


# --- Celery against the real Redis ----------------------------------------------------------------------


def redis_url() -> str:
    return os.environ.get("TEST_BROKER_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def celery_worker_app():
    """The project's Celery app pointed at the real Redis, tasks not eager, a queue private to this process."""
    from csu.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    queue = f"csu-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    app.conf.update(broker_url=redis_url(), task_always_eager=False, task_default_queue=queue)
    _reset_pools(app)
    yield app
    app.conf.update(saved)
    _reset_pools(app)


def _reset_pools(app) -> None:
    # Connections made for the previous broker URL must not be reused for the new one.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps producer pools in a process-wide registry that still points at the pool closed above.
    from kombu import pools

    pools.reset()


@pytest.fixture
def celery_worker(celery_worker_app):
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_worker_app, pool="solo", perform_ping_check=False, loglevel="WARNING") as worker:
        yield worker


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


# --- A private Redis we may stop or freeze (never the machine's shared one) ----------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is not installed; it is needed to test broker faults")
    port = _free_port()
    proc = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield type("PrivateRedis", (), {"url": url, "port": port, "process": proc})
    if proc.poll() is None:
        proc.kill()
    proc.wait()


# --- Browser --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `apt-get install -y chromium` (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def browser_login(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request by a French-speaking user activates French for the
    thread (UserLanguageMiddleware, like Django's LocaleMiddleware, does not switch back after the response, so that
    a streamed CSV is still written in the user's language), and a later test calling a service directly would
    otherwise get French messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached results (csu.cache, the dashboards' figures) must not leak from one test's data into the next."""
    from django.core.cache import cache

    from csu import cache as csu_cache

    cache.clear()
    csu_cache._local.dirty = {}
    yield
    cache.clear()
    csu_cache._local.dirty = {}


__all__ = ["PASSWORD", "make_user", "wait_for", "browser_login", "settings"]


# The longest tests (the accessibility walks over every page of every role) first, so that the two xdist workers
# start on them and the many short tests even out the end, instead of one worker finishing a long walk alone.
_LONGEST_FIRST = ("tests/a11y/test_axe.py", "tests/a11y/test_html_valid.py")


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: not item.nodeid.startswith(_LONGEST_FIRST))


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """pytest-django's, except that on PostgreSQL each worker's database is a copy of one migrated template
    (tests/db.py) instead of a migration run of its own."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from tests.db import setup_from_template

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            config = setup_from_template()
        else:
            config = setup_databases(verbosity=0, interactive=False)
    yield
    with django_db_blocker.unblock():
        try:
            teardown_databases(config, verbosity=0)
        except Exception as exc:  # noqa: BLE001 - as pytest-django: a warning, not an error
            request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}"))
