"""The reminder outbox sends each reminder once, and never loses one to a sender killed mid-send (a lease)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from csu.models import Reminder
from csu.services import reminder_message_id, reminder_queue, reminders_send_due
from tests.conftest import make_user
from tests.csu.test_settings import _load_settings

pytestmark = [pytest.mark.django_db]
T0 = dt.datetime(2026, 11, 25, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def reminder():
    with time_machine.travel(T0, tick=False):
        return reminder_queue(key="test:lease:1", kind="test", recipient=make_user("lease"), subject="S", body="B")


def _claimed(reminder, ago: dt.timedelta) -> None:
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=T0 - ago)


def test_an_abandoned_claim_is_sent_by_the_next_sweep_exactly_once(reminder, mailoutbox):
    _claimed(reminder, dt.timedelta(minutes=20))  # a worker claimed it, then was killed before sending
    with time_machine.travel(T0, tick=False):
        assert reminders_send_due() == 1
        assert reminders_send_due() == 0
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        assert reminders_send_due() == 0
    assert len(mailoutbox) == 1
    row = Reminder.objects.get(pk=reminder.pk)
    assert (row.sent_at, row.claimed_at, row.attempts, row.last_error) == (T0, T0, 1, "")


def test_a_fresh_claim_is_left_to_its_sender(reminder, mailoutbox):
    _claimed(reminder, dt.timedelta(minutes=1))  # another worker is sending it right now
    with time_machine.travel(T0, tick=False):
        assert reminders_send_due() == 0
    row = Reminder.objects.get(pk=reminder.pk)
    assert (row.sent_at, row.claimed_at, row.attempts) == (None, T0 - dt.timedelta(minutes=1), 0)
    assert mailoutbox == []
    # Still fresh 14 minutes after the claim; abandoned once the 15-minute lease is over.
    with time_machine.travel(T0 + dt.timedelta(minutes=13), tick=False):
        assert reminders_send_due() == 0
    with time_machine.travel(T0 + dt.timedelta(minutes=14, seconds=1), tick=False):
        assert reminders_send_due() == 1
    assert len(mailoutbox) == 1


def test_the_lease_is_a_setting(reminder, settings, mailoutbox):
    settings.REMINDER_CLAIM_LEASE_SECONDS = 60
    _claimed(reminder, dt.timedelta(minutes=2))
    with time_machine.travel(T0, tick=False):
        assert reminders_send_due() == 1


def test_a_sender_killed_while_sending_loses_nothing(reminder, monkeypatch, mailoutbox):
    """The worker dies inside the SMTP call (not an Exception: nothing is caught or released)."""
    from django.core.mail import EmailMessage

    def die(self, fail_silently=False):
        raise SystemExit("worker killed")

    with monkeypatch.context() as patch, time_machine.travel(T0, tick=False):
        patch.setattr(EmailMessage, "send", die)
        with pytest.raises(SystemExit):
            reminders_send_due()
    row = Reminder.objects.get(pk=reminder.pk)
    assert (row.claimed_at, row.sent_at, row.attempts) == (T0, None, 0)
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):
        assert reminders_send_due() == 0  # the claim may still be live: left alone
    with time_machine.travel(T0 + dt.timedelta(minutes=16), tick=False):
        assert reminders_send_due() == 1
    assert len(mailoutbox) == 1


def test_a_failed_send_releases_the_claim(reminder, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    with time_machine.travel(T0, tick=False):
        assert reminders_send_due() == 0
    row = Reminder.objects.get(pk=reminder.pk)
    assert (row.sent_at, row.claimed_at, row.attempts) == (None, None, 1) and row.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(T0 + dt.timedelta(minutes=5), tick=False):  # no need to wait for a lease
        assert reminders_send_due() == 1
    row.refresh_from_db()
    assert (row.attempts, row.last_error, row.sent_at) == (2, "", T0 + dt.timedelta(minutes=5))
    assert len(mailoutbox) == 1


def test_every_copy_of_a_reminder_has_the_same_message_id(reminder, mailoutbox):
    with time_machine.travel(T0, tick=False):
        assert reminders_send_due() == 1
        # The rare duplicate: the mail server accepted the first copy, the worker died before writing sent_at.
        Reminder.objects.filter(pk=reminder.pk).update(sent_at=None, claimed_at=T0 - dt.timedelta(hours=1))
        assert reminders_send_due() == 1
    first, second = (m.message()["Message-ID"] for m in mailoutbox)
    assert first == second == reminder_message_id(reminder)
    assert first.startswith(f"<reminder-{reminder.pk}.") and first.endswith("@csu.invalid>")
    other = reminder_queue(key="test:lease:2", kind="test", recipient=reminder.recipient, subject="S", body="B")
    assert reminder_message_id(other) != first


def test_a_sent_reminder_is_never_claimed_again(reminder, mailoutbox):
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=T0, claimed_at=T0 - dt.timedelta(days=1))
    with time_machine.travel(T0, tick=False):
        assert reminders_send_due() == 0
    assert mailoutbox == []
    assert Reminder.objects.get(pk=reminder.pk).claimed_at == T0 - dt.timedelta(days=1)


def test_a_lease_shorter_than_a_send_is_refused():
    result = _load_settings(DEBUG="1", EMAIL_TIMEOUT="60", REMINDER_CLAIM_LEASE_SECONDS="100")
    assert result.returncode != 0
    assert "REMINDER_CLAIM_LEASE_SECONDS (100) must be more than twice EMAIL_TIMEOUT (60)" in result.stderr
    assert _load_settings(DEBUG="1", REMINDER_CLAIM_LEASE_SECONDS="600").returncode == 0


def test_now_limits_which_reminders_are_due(reminder, mailoutbox):
    assert reminders_send_due(now=T0 - dt.timedelta(seconds=1)) == 0
    assert reminders_send_due(now=timezone.now()) == 1
