"""A reminder that can never be sent is given up after a bounded number of attempts, shown to the supervisor and
reported by /health/ (issue 15). Real sends: the locmem backend refuses a CR/LF header like SMTP would, and a
closed port is a real refused SMTP connection."""

import socket

import pytest
from django.urls import reverse

from csu.models import Reminder
from csu.services import reminder_queue, reminders_send_due
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_header_that_can_never_be_sent_is_given_up_at_once(mailoutbox):
    user = make_user("crlf")
    # A committee named with CR/LF: the header injection is refused by Django (BadHeaderError), every time.
    reminder = reminder_queue(
        key="t:crlf", kind="test", recipient=user, subject="Meeting of Youth\r\nBcc: x@evil.example", body="B"
    )
    for _ in range(10):
        assert reminders_send_due() == 0
    row = Reminder.objects.get(pk=reminder.pk)
    assert row.failed_at is not None
    assert row.attempts == 1  # not retried by the nine sweeps after
    assert mailoutbox == []


def test_a_reminder_failing_every_time_stops_after_the_limit_and_health_says_degraded(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    settings.REMINDER_MAX_ATTEMPTS = 3
    reminder = reminder_queue(key="t:smtp", kind="test", recipient=make_user("smtp"), subject="S", body="B")
    assert client.get(reverse("health")).json()["status"] == "ok"
    for _ in range(6):
        reminders_send_due()
    row = Reminder.objects.get(pk=reminder.pk)
    assert (row.attempts, row.failed_at is not None) == (3, True)
    assert row.last_error
    response = client.get(reverse("health"))
    # Not an outage: the instance stays in service (200), the body says what is wrong.
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["degraded"]) == ("degraded", True)
    assert body["checks"]["reminders"] == {"ok": False, "failed": 1}


def test_the_supervisor_dashboard_lists_failed_reminders(supervisor_client, officer_client):
    user = make_user("failed_recipient", display_name="Failed Recipient")
    reminder = reminder_queue(key="t:shown", kind="test", recipient=user, subject="Drill due\nsoon", body="B")
    reminders_send_due()
    assert Reminder.objects.get(pk=reminder.pk).failed_at is not None
    page = supervisor_client.get(reverse("dashboard_role", args=["supervisor"])).content.decode()
    assert "1 reminder could not be sent" in page
    assert "Failed Recipient" in page
    officer_page = officer_client.get(reverse("dashboard_role", args=["officer"])).content.decode()
    assert "could not be sent" not in officer_page
