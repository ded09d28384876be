import os
import signal

import pytest
from django.urls import reverse

from csu.models import Heartbeat, Reminder
from tests.conftest import make_user, wait_for


@pytest.mark.django_db
def test_health_ok_in_eager_mode(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert "SECRET" not in response.content.decode().upper()


@pytest.mark.django_db
def test_health_reports_a_stopped_broker_as_503(client, settings, private_redis):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = private_redis.url
    assert client.get(reverse("health")).status_code == 200
    private_redis.process.send_signal(signal.SIGTERM)
    private_redis.process.wait(timeout=5)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


@pytest.mark.django_db
def test_health_reports_a_frozen_broker_within_seconds(client, settings, private_redis):
    import time

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = private_redis.url
    os.kill(private_redis.process.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        response = client.get(reverse("health"))
        elapsed = time.monotonic() - started
    finally:
        os.kill(private_redis.process.pid, signal.SIGCONT)
    assert response.status_code == 503
    assert elapsed < 10


@pytest.mark.django_db
def test_health_reports_stale_beat(client):
    from datetime import timedelta

    from django.utils import timezone

    Heartbeat.objects.create(name="beat", last_seen=timezone.now() - timedelta(hours=2))
    response = client.get(reverse("health"))
    assert response.json()["checks"]["beat"]["ok"] is False
    assert response.status_code == 200  # eager mode (make run) has no beat: reported, not failed


@pytest.mark.django_db
def test_health_is_503_when_beat_is_stale_with_a_broker(client, settings, private_redis):
    from datetime import timedelta

    from django.utils import timezone

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = private_redis.url
    beat = Heartbeat.objects.create(name="beat", last_seen=timezone.now())
    assert client.get(reverse("health")).status_code == 200
    beat.last_seen = timezone.now() - timedelta(seconds=settings.BEAT_STALE_AFTER + 60)
    beat.save()
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["ok"] is False


@pytest.mark.django_db
def test_container_healthcheck_passes_against_gunicorn_with_production_settings(tmp_path):
    """scripts/healthcheck.py as docker-compose runs it: plain HTTP inside the container, against gunicorn with
    DEBUG off, HTTPS redirect on and a real ALLOWED_HOSTS (a 400 or a 301 would fail it)."""
    import subprocess
    import sys
    import time

    from django.db import connection

    from tests.conftest import _free_port

    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "healthcheck-test-secret-" + "x" * 40,
        "ALLOWED_HOSTS": ".csu.example.org,other.example",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": "",
        "ENV_FILE": "",
        "HEALTHCHECK_URL": f"http://127.0.0.1:{port}/health/",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "csu.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp_path / "gunicorn.log", "w"),  # noqa: SIM115
    )
    try:
        deadline = time.monotonic() + 30
        result = None
        while time.monotonic() < deadline:
            result = subprocess.run(
                [sys.executable, "scripts/healthcheck.py"], env=env, capture_output=True, text=True, timeout=30
            )
            if result.returncode == 0:
                break
            time.sleep(0.5)
        assert result is not None and result.returncode == 0, result.stdout + (tmp_path / "gunicorn.log").read_text()
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_a_task_through_redis(celery_worker):
    from csu.tasks import beat_heartbeat

    beat_heartbeat.delay()
    assert wait_for(lambda: Heartbeat.objects.filter(name="beat").exists(), timeout=15)


@pytest.mark.django_db
def test_reminder_is_sent_once_even_when_swept_twice(mailoutbox):
    from csu.services import reminder_queue, reminders_send_due

    user = make_user("rem")
    assert reminder_queue(key="k1", kind="test", recipient=user, subject="Hello", body="Body") is not None
    assert reminder_queue(key="k1", kind="test", recipient=user, subject="Hello", body="Body") is None
    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    assert len(mailoutbox) == 1
    assert Reminder.objects.get(key="k1").sent_at is not None


@pytest.mark.django_db
def test_reminder_waits_when_mail_server_is_down(settings, mailoutbox):
    from csu.services import reminder_queue, reminders_send_due

    user = make_user("rem2")
    reminder_queue(key="k2", kind="test", recipient=user, subject="S", body="B")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    assert reminders_send_due() == 0
    row = Reminder.objects.get(key="k2")
    assert row.sent_at is None and row.attempts == 1 and row.last_error
    assert row.claimed_at is None  # the claim is released: the next sweep retries at once
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders_send_due() == 1
    assert len(mailoutbox) == 1
