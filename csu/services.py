"""Write-side services shared by every app: the reminder outbox and task queuing."""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from .models import Heartbeat, Reminder

logger = logging.getLogger(__name__)

# Sent when the mail server refuses a reminder's address for good (an SMTP 5xx on RCPT, a "hard bounce"), with
# `reminder` and `error`. The outbox gives that reminder up at once; apps that send to addresses they keep (the
# mailing list) stop sending to it. Bounces that come back later by e-mail need a bounce mailbox (not read here).
address_refused = Signal()


def _refused_for_good(exc: Exception, address: str) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = exc.recipients.get(address, (0, b""))[0]
        return 500 <= code < 600
    return False


def enqueue_on_commit(task, *args) -> None:
    """Queue a Celery task once the current transaction commits.

    A broker that is down must never fail the user's save: the work is recorded in the database (a row with a
    status, or a reminder) and a periodic sweep picks it up again after recovery, so a failed publish is only
    logged.
    """

    def _send() -> None:
        try:
            task.delay(*args)
        except Exception:  # kombu raises several unrelated types for a dead or frozen broker
            logger.warning("Could not queue %s%r; a periodic sweep will pick the work up", task.name, args)

    transaction.on_commit(_send)


def reminder_queue(
    *,
    key: str,
    kind: str,
    recipient,
    subject: Callable[[], str] | str,
    body: Callable[[], str] | str,
    send_after: datetime | None = None,
) -> Reminder | None:
    """Create the reminder identified by `key` unless it exists already; returns the new row or None.

    `subject` and `body` may be callables so that they are rendered in the recipient's language.
    """
    if not recipient.email or not recipient.is_active:
        return None
    if Reminder.objects.filter(key=key).exists():
        return None
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        subject_text = subject() if callable(subject) else str(subject)
        body_text = body() if callable(body) else str(body)
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                key=key,
                kind=kind,
                recipient=recipient,
                email=recipient.email,
                subject=subject_text[:200],
                body=body_text,
                send_after=send_after or timezone.now(),
            )
    except IntegrityError:  # another sweep created it between our check and our insert
        return None


@dataclass
class PendingReminder:
    """A reminder a sweep wants to send; `subject` and `body` are callables rendered in the recipient's language."""

    key: str
    kind: str
    recipient: object
    subject: Callable[[], str]
    body: Callable[[], str]


def reminders_queue_many(pending: list[PendingReminder], *, now: datetime) -> int:
    """Insert the reminders whose key is new, in two queries whatever their number; returns how many.

    Same contract as `reminder_queue` (idempotent by key, the recipient's language, no reminder for a user
    without an email or inactive), batched so that a sweep's query count does not grow with the data.
    """
    pending = [p for p in pending if p.recipient.email and p.recipient.is_active]
    if not pending:
        return 0
    existing = set(Reminder.objects.filter(key__in=[p.key for p in pending]).values_list("key", flat=True))
    rows, seen = [], set()
    for item in pending:
        if item.key in existing or item.key in seen:
            continue
        seen.add(item.key)
        with translation.override(item.recipient.language or settings.LANGUAGE_CODE):
            subject, body = str(item.subject()), str(item.body())
        rows.append(
            Reminder(
                key=item.key,
                kind=item.kind,
                recipient=item.recipient,
                email=item.recipient.email,
                subject=subject[:200],
                body=body,
                send_after=now,
            )
        )
    # ignore_conflicts: a concurrent sweep may insert the same key; the unique key keeps one.
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def outbox_queue_many(rows: list[Reminder]) -> int:
    """Queue messages to addresses without an account (e.g. a bulletin to subscribers); idempotent by key, so a
    sweep or a send run twice queues each message once. Returns how many were new."""
    existing = set(Reminder.objects.filter(key__in=[r.key for r in rows]).values_list("key", flat=True))
    fresh = [r for r in rows if r.key not in existing]
    Reminder.objects.bulk_create(fresh, ignore_conflicts=True)
    return len(fresh)


def reminder_message_id(reminder: Reminder, *, secret: str | None = None) -> str:
    """The Message-ID header of a reminder's email: the same for every copy of one reminder, so that mail systems
    which de-duplicate on Message-ID show a rare second copy (see `reminders_send_due`) once.

    The digest is an HMAC of the key under SECRET_KEY (or `secret`, to check an ID made under one of
    SECRET_KEY_FALLBACKS): a delivery report that returns this ID proves it is about a message we sent
    (engagement.bounces), which nobody can forge from the reminder's number alone."""
    digest = salted_hmac(
        "csu.services.reminder_message_id", reminder.key, secret=secret, algorithm="sha256"
    ).hexdigest()[:32]
    return f"<reminder-{reminder.pk}.{digest}@csu.invalid>"


def reminders_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send due reminders; returns how many were sent.

    Each row is leased before sending: `claimed_at` is set where the row is unsent and unclaimed, or claimed more
    than REMINDER_CLAIM_LEASE_SECONDS ago; only the sender whose update changed exactly one row sends, so two
    workers or a retried task do not send one reminder twice. Once the mail server accepted the message `sent_at`
    is set; if sending fails the claim is released (with the error and the attempt counted) so that the next sweep
    retries. A worker killed between its claim and the end of the send leaves a claim that expires: the first
    sweep after the lease sends the reminder, which is therefore sent at least once, never lost.

    A reminder whose send failed REMINDER_MAX_ATTEMPTS times (or failed with a header that can never be sent) is
    marked failed: no sweep retries it, the supervisor's dashboard lists it and /health/ reports it.

    The price is a rare duplicate: a worker killed after the mail server accepted the message but before
    `sent_at` was written. Both copies carry the same Message-ID header (`reminder_message_id`), so mail systems
    that de-duplicate on it show one. The lease must outlast a send (settings: more than twice EMAIL_TIMEOUT).
    """
    now = now or timezone.now()
    lease = timedelta(seconds=settings.REMINDER_CLAIM_LEASE_SECONDS)

    def claimable(at: datetime) -> Q:
        unsent = Q(sent_at__isnull=True, cancelled_at__isnull=True, failed_at__isnull=True)
        return unsent & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=at - lease))

    due = list(
        Reminder.objects.filter(claimable(timezone.now()), send_after__lte=now)
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in due:
        claimed_at = timezone.now()
        if Reminder.objects.filter(claimable(claimed_at), pk=pk).update(claimed_at=claimed_at) != 1:
            continue  # another sender holds a live claim, or sent it already
        reminder = Reminder.objects.get(pk=pk)
        message = EmailMessage(
            reminder.subject,
            reminder.body,
            None,
            [reminder.email],
            headers={"Message-ID": reminder_message_id(reminder), **reminder.headers},
        )
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # SMTP down, DNS, refused: release the claim for the next sweep
            # A header that can never be sent (CR/LF in a subject) fails the same way every time, and so does an
            # address the server refuses for good: given up at once.
            refused = _refused_for_good(exc, reminder.email)
            give_up = (
                refused or isinstance(exc, BadHeaderError) or reminder.attempts + 1 >= settings.REMINDER_MAX_ATTEMPTS
            )
            Reminder.objects.filter(pk=pk, claimed_at=claimed_at, sent_at__isnull=True).update(
                claimed_at=None,
                attempts=F("attempts") + 1,
                last_error=str(exc)[:500],
                failed_at=timezone.now() if give_up else None,
            )
            if refused:
                address_refused.send(sender=Reminder, reminder=reminder, error=str(exc)[:500])
            if give_up:
                logger.error("Reminder %s given up after %s attempts: %s", pk, reminder.attempts + 1, exc)
            else:
                logger.warning("Reminder %s not sent, will retry: %s", pk, exc)
            continue
        Reminder.objects.filter(pk=pk).update(sent_at=timezone.now(), attempts=F("attempts") + 1, last_error="")
        sent += 1
    return sent


def heartbeat_record(*, name: str = "beat") -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})
