"""Faults: the broker stopped or frozen, the database connection killed. No page breaks, no work is lost."""

import os
import shutil
import signal
import subprocess
import time

import psycopg2
import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import Client, RequestFactory
from kombu import pools as kombu_pools

from accounts.models import Role
from csu.models import Reminder
from csu.services import enqueue_on_commit, reminder_queue
from tests.conftest import _reset_pools, make_user, wait_for

from .conftest import url_for, url_patterns, verified_client


@pytest.fixture
def broker_app(settings, private_redis):
    """Settings and the Celery app pointed at the private Redis, tasks really published (not eager)."""
    from csu.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    settings.CELERY_BROKER_URL = private_redis.url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=private_redis.url, task_always_eager=False, task_default_queue="csu-faults")
    _reset_pools(app)
    _forget_queues(app)
    yield app
    app.conf.update(saved)
    _reset_pools(app)
    _forget_queues(app)


def _forget_queues(app) -> None:
    # Celery caches the queue declarations built from task_default_queue at first use; a worker started later in
    # the same process would otherwise consume another test's queue and never see our task.
    for name in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(name, None)


def _save_a_record_that_queues_work(user, key: str) -> Reminder:
    """What every app's save does: write the row (the work item) and queue the task after commit."""
    from csu.tasks import send_due_reminders

    with transaction.atomic():
        reminder = reminder_queue(key=key, kind="test", recipient=user, subject="Drill due", body="Book a drill.")
        enqueue_on_commit(send_due_reminders)
    return reminder


def _stop(private_redis):
    private_redis.process.send_signal(signal.SIGTERM)
    private_redis.process.wait(timeout=5)


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["stopped", "frozen"])
def test_saving_succeeds_within_5_seconds_when_the_broker_is_down(
    broker_app, private_redis, django_capture_on_commit_callbacks, fault
):
    user = make_user("faulty", Role.OFFICER)
    if fault == "stopped":
        _stop(private_redis)
    else:
        os.kill(private_redis.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            reminder = _save_a_record_that_queues_work(user, f"fault-{fault}")
        elapsed = time.monotonic() - started
    finally:
        if fault == "frozen":
            os.kill(private_redis.process.pid, signal.SIGCONT)
    assert elapsed < 5, f"saving took {elapsed:.1f} s with the broker {fault}"
    assert Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True).exists()  # kept for the sweep


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["stopped", "frozen"])
def test_every_page_works_when_the_broker_is_down(broker_app, private_redis, matrix_users, records, fault):
    client = verified_client(matrix_users["supervisor"])
    if fault == "stopped":
        _stop(private_redis)
    else:
        os.kill(private_redis.process.pid, signal.SIGSTOP)
    broken = []
    try:
        for name, kwarg_names, _view in url_patterns():
            path = url_for(name, kwarg_names, records)
            started = time.monotonic()
            response = client.get(path)
            elapsed = time.monotonic() - started
            allowed = {503} if name == "health" else set()
            if response.status_code >= 500 and response.status_code not in allowed:
                broken.append(f"GET {path} -> {response.status_code}")
            if elapsed > 10:
                broken.append(f"GET {path} took {elapsed:.1f} s")
    finally:
        if fault == "frozen":
            os.kill(private_redis.process.pid, signal.SIGCONT)
    assert not broken, "\n".join(broken)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_work_queued_while_the_broker_was_down_runs_after_recovery(broker_app, private_redis, tmp_path):
    from celery.contrib.testing.worker import start_worker

    from csu.tasks import send_due_reminders

    user = make_user("patient", Role.OFFICER)
    mail.outbox = []
    _stop(private_redis)
    reminder = _save_a_record_that_queues_work(user, "while-down")  # publish fails, the row stays
    assert Reminder.objects.get(pk=reminder.pk).sent_at is None
    # Redis comes back on the same port (same URL the app is configured with).
    restarted = subprocess.Popen(
        [shutil.which("redis-server"), "--port", str(private_redis.port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: _port_open(private_redis.port), timeout=5)
        # A fresh process view of the broker (beat and the worker are separate processes in production).
        kombu_pools.reset()
        _reset_pools(broker_app)
        with start_worker(broker_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            send_due_reminders.delay()  # what beat does every 5 minutes
            assert wait_for(lambda: Reminder.objects.get(pk=reminder.pk).sent_at is not None, timeout=20)
        assert [m.subject for m in mail.outbox] == ["Drill due"]
        assert mail.outbox[0].to == ["patient@csu.test"]
    finally:
        restarted.terminate()
        restarted.wait(timeout=5)


def _port_open(port: int) -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
    except OSError:
        return False
    return True


@pytest.mark.django_db(transaction=True)
def test_next_request_recovers_after_the_database_connection_is_killed(settings):
    """pg_terminate_backend on the app's connection: the next request reconnects (CONN_HEALTH_CHECKS)."""
    from django.core.handlers.wsgi import WSGIHandler

    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    user = make_user("steady", Role.OFFICER)
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    handler = WSGIHandler()  # the real request cycle: request_started closes unusable/obsolete connections

    def get(path):
        statuses = []
        environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
        body = b"".join(handler(environ, lambda status, headers, exc_info=None: statuses.append(status)))
        return int(statuses[0].split()[0]), body

    assert get("/accounts/profile/")[0] == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        old_pid = cursor.fetchone()[0]
    params = connection.get_connection_params()
    killer = psycopg2.connect(
        **{k: v for k, v in params.items() if k in {"dbname", "user", "host", "port", "password"}}
    )
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [old_pid])
        assert cursor.fetchone()[0] is True
    killer.close()
    time.sleep(0.2)

    status, body = get("/accounts/profile/")
    assert status == 200, body[:500]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid  # a new connection, no restart
