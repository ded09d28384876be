"""Mailing list services: sign-up (double opt-in), sign-up sheets, confirmation, unsubscribe, bulletins."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from csu.models import Reminder
from csu.services import enqueue_on_commit, outbox_queue_many
from csu.text import interface_language

from .models import Bulletin, Subscriber, Topic

CONFIRM_SALT, UNSUBSCRIBE_SALT = "engagement.confirm", "engagement.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def public_url(name: str, *args) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(name, args=args)


def mail_language(subscriber: Subscriber) -> str:
    """The interface language of a subscriber's mail (their stored "fr" is "fr-ca": csu.text)."""
    return interface_language(subscriber.language)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT)


def subscriber_from_token(token: str, *, confirm: bool) -> Subscriber | None:
    try:
        if confirm:
            data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
            return Subscriber.objects.filter(pk=data["s"], email=data["e"]).first()
        return Subscriber.objects.filter(pk=signing.loads(token, salt=UNSUBSCRIBE_SALT)).first()
    except (signing.BadSignature, KeyError, TypeError):
        return None


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=CONFIRM_SALT)


def _queue_confirmation(subscriber: Subscriber) -> None:
    token = confirm_token(subscriber)
    with translation.override(mail_language(subscriber)):
        context = {"confirm_url": public_url("public:list_confirm", token), "service": settings.SERVICE_NAME}
        subject = render_to_string("engagement/email/confirm_subject.txt", context).strip()
        body = render_to_string("engagement/email/confirm.txt", context)
    nonce = timezone.now().strftime("%Y%m%d%H%M%S%f")
    outbox_queue_many(
        [Reminder(key=f"list-confirm:{subscriber.pk}:{nonce}", kind="list_confirm", email=subscriber.email,
                  subject=subject[:200], body=body, send_after=timezone.now())]
    )  # fmt: skip
    from csu.tasks import send_due_reminders

    enqueue_on_commit(send_due_reminders)


@transaction.atomic
def subscriber_sign_up(*, email: str, language: str, topics: list[Topic], wording: str) -> Subscriber:
    """A sign-up on the public form: recorded as pending and sent a confirmation link (double opt-in).

    Nothing tells the person filling the form whether the address was already on the list (no address probing);
    an address already confirmed keeps its status and gets its topics added.
    """
    email = email.strip().lower()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber and subscriber.status == Subscriber.Status.CONFIRMED:
        subscriber.topics.add(*topics)
        return subscriber
    if subscriber is None:
        subscriber = Subscriber(email=email)
    subscriber.language = language
    subscriber.status = Subscriber.Status.PENDING
    subscriber.consent_method = Subscriber.Method.PUBLIC_FORM
    subscriber.consent_wording = wording
    subscriber.consent_source = ""
    subscriber.consent_at = timezone.now()
    subscriber.save()
    subscriber.topics.set(topics)
    _queue_confirmation(subscriber)
    return subscriber


@transaction.atomic
def subscriber_add_from_sheet(*, email, language, topics, source, wording, consent_at, by) -> Subscriber:
    """An address written on a signed sign-up sheet: express consent in writing, so no e-mail confirmation."""
    email = email.strip().lower()
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first() or Subscriber(email=email)
    subscriber.language = language
    subscriber.status = Subscriber.Status.CONFIRMED
    subscriber.consent_method = Subscriber.Method.SIGNUP_SHEET
    subscriber.consent_source, subscriber.consent_wording, subscriber.consent_at = source, wording, consent_at
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.recorded_by = by
    subscriber.save()
    subscriber.topics.set(topics)
    return subscriber


@transaction.atomic
def subscriber_confirm(*, subscriber: Subscriber) -> Subscriber:
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save()
    return subscriber


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> Subscriber:
    """Leave the list: nothing more is sent, including bulletins already queued for this address."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    now = timezone.now()
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.save()
    Reminder.objects.filter(
        kind="bulletin", email=subscriber.email, sent_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    return subscriber


@transaction.atomic
def subscriber_bounced(*, email: str, error: str) -> Subscriber | None:
    """The mail server refused the address for good: nothing more is sent to it (bulletins already queued are
    cancelled) until the person signs up again, which starts a new double opt-in."""
    subscriber = Subscriber.objects.select_for_update().filter(email=email.strip().lower()).first()
    if subscriber is None:
        return None
    now = timezone.now()
    if subscriber.status in (Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING):
        subscriber.status = Subscriber.Status.BOUNCED
        subscriber.bounced_at, subscriber.bounce_error = now, error[:500]
        subscriber.save()
    Reminder.objects.filter(
        kind="bulletin", email=subscriber.email, sent_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    return subscriber


def on_address_refused(sender, reminder, error, **kwargs) -> None:
    """csu.services.address_refused: only mailing-list messages concern the list (a reminder to an officer whose
    address bounces is the outbox's failed reminder, shown to the supervisor)."""
    if reminder.kind in ("bulletin", "list_confirm"):
        subscriber_bounced(email=reminder.email, error=error)


def recipients(bulletin: Bulletin):
    return (
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED, topics__in=bulletin.topics.all())
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def bulletin_send(*, bulletin: Bulletin, by) -> int:
    """Queue the bulletin once per confirmed subscriber of its topics (the outbox key makes a second run a no-op);
    the outbox sender delivers them, resuming after a crash. Returns how many messages were queued."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    rows = []
    for subscriber in recipients(bulletin):
        unsubscribe = public_url("public:list_unsubscribe", unsubscribe_token(subscriber))
        french = subscriber.language == "fr"
        with translation.override(mail_language(subscriber)):
            body = render_to_string(
                "engagement/email/bulletin.txt",
                {"text": bulletin.body_fr if french else bulletin.body_en, "unsubscribe_url": unsubscribe},
            )
        rows.append(
            Reminder(
                key=f"bulletin:{bulletin.pk}:{subscriber.pk}",
                kind="bulletin",
                email=subscriber.email,
                subject=(bulletin.subject_fr if french else bulletin.subject_en)[:200],
                body=body,
                send_after=timezone.now(),
                headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
            )
        )
    queued = outbox_queue_many(rows)
    if bulletin.status == Bulletin.Status.DRAFT:
        bulletin.status, bulletin.sent_at = Bulletin.Status.SENT, timezone.now()
    bulletin.queued_count += queued
    bulletin._history_user = by
    bulletin.save()
    from csu.tasks import send_due_reminders

    enqueue_on_commit(send_due_reminders)
    return queued
