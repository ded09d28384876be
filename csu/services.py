"""Write-side services shared by every app: the reminder outbox and task queuing."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from .models import Heartbeat, Reminder

logger = logging.getLogger(__name__)


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


def reminders_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send due reminders; returns how many were sent.

    Each row is claimed by setting `sent_at` where it is still empty; only the sender whose update changed
    exactly one row sends. If sending fails the claim is released so that a later sweep retries.
    """
    now = now or timezone.now()
    due = list(
        Reminder.objects.filter(sent_at__isnull=True, send_after__lte=now)
        .order_by("send_after", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in due:
        claimed = Reminder.objects.filter(pk=pk, sent_at__isnull=True).update(sent_at=timezone.now())
        if claimed != 1:
            continue
        reminder = Reminder.objects.get(pk=pk)
        try:
            send_mail(reminder.subject, reminder.body, None, [reminder.email], fail_silently=False)
        except Exception as exc:  # SMTP down, DNS, refused: keep the reminder for the next sweep
            Reminder.objects.filter(pk=pk).update(
                sent_at=None, attempts=reminder.attempts + 1, last_error=str(exc)[:500]
            )
            logger.warning("Reminder %s not sent, will retry: %s", pk, exc)
            continue
        Reminder.objects.filter(pk=pk).update(attempts=reminder.attempts + 1, last_error="")
        sent += 1
    return sent


def heartbeat_record(*, name: str = "beat") -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})
