"""Mailing list services: sign-up (double opt-in), sign-up sheets, confirmation, unsubscribe, bulletins."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from csu.locking import lock_version, save_versioned
from csu.models import Reminder
from csu.services import enqueue_on_commit, outbox_queue_many
from csu.text import interface_language, service_name

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
        context = {"confirm_url": public_url("public:list_confirm", token), "service": service_name()}
        subject = render_to_string("engagement/email/confirm_subject.txt", context).strip()
        body = render_to_string("engagement/email/confirm.txt", context)
    nonce = timezone.now().strftime("%Y%m%d%H%M%S%f")
    outbox_queue_many(
        [Reminder(key=f"list-confirm:{subscriber.pk}:{nonce}", kind="list_confirm", email=subscriber.email,
                  subject=subject[:200], body=body, send_after=timezone.now())]
    )  # fmt: skip
    _send_due_on_commit()


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


def _send_due_on_commit() -> None:
    from csu.tasks import send_due_reminders

    enqueue_on_commit(send_due_reminders)


@transaction.atomic
def bulletin_update(*, bulletin: Bulletin, topics: list[Topic], expected_version: int | None, by) -> Bulletin:
    """Save a draft's new text and topics (`bulletin` already holds the new values). A bulletin that was sent is
    what its subscribers received: it can no longer be changed."""
    current = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    if current.status != Bulletin.Status.DRAFT:
        raise ValidationError(_("This bulletin was sent: it can no longer be changed."), code="sent")
    bulletin.status, bulletin.sent_at, bulletin.queued_count = current.status, current.sent_at, current.queued_count
    bulletin._history_user = by
    save_versioned(bulletin, expected_version=expected_version)
    bulletin.topics.set(topics)
    return bulletin


NO_RECIPIENTS = _(
    "No confirmed subscriber follows these topics, so nothing was sent. Add a topic, or send it once people have "
    "subscribed."
)


@transaction.atomic
def bulletin_send(*, bulletin: Bulletin, by, expected_version: int | None = None) -> int:
    """Queue the draft once per confirmed subscriber of its topics; the outbox sender delivers them. Returns how
    many messages were queued.

    A bulletin is sent once: sending it again (a double click, a second tab) queues nothing, not even to those
    who subscribed since. `expected_version` is the version the person confirmed: a draft changed since is not
    sent (StaleVersion). A draft that would reach nobody is not sent and stays a draft (ValidationError)."""
    bulletin = lock_version(Bulletin, bulletin.pk, expected_version)
    if bulletin.status != Bulletin.Status.DRAFT:
        return 0
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
    if not rows:  # a draft marked sent to nobody could never reach those who subscribe later
        raise ValidationError(NO_RECIPIENTS, code="no_recipients")
    queued = outbox_queue_many(rows)
    bulletin.status, bulletin.sent_at = Bulletin.Status.SENT, timezone.now()
    bulletin.queued_count += queued
    bulletin.version += 1  # an edit form opened before the send is now stale
    bulletin._history_user = by
    bulletin.save()
    _send_due_on_commit()
    return queued


def bulletin_send_test(*, bulletin: Bulletin, to) -> bool:
    """Queue one test copy of the bulletin to a member of the unit (`to`, a user) through the outbox: both
    versions, each as its subscribers will read it, under a subject marked as a test. The bulletin itself does not
    change (status, count). False when the user has no e-mail address."""
    if not to.email:
        return False
    versions = []
    for language, subject, text in (
        ("en", bulletin.subject_en, bulletin.body_en),
        ("fr", bulletin.subject_fr, bulletin.body_fr),
    ):
        with translation.override(interface_language(language)):
            placeholder = gettext("(the subscriber's own unsubscribe link)")
            body = render_to_string("engagement/email/bulletin.txt", {"text": text, "unsubscribe_url": placeholder})
        versions.append({"subject": subject, "body": body})
    with translation.override(interface_language(to.language)):
        subject = bulletin.subject_fr if translation.get_language().startswith("fr") else bulletin.subject_en
        subject = gettext("[Test] %(subject)s") % {"subject": subject}
        body = render_to_string("engagement/email/bulletin_test.txt", {"english": versions[0], "french": versions[1]})
    nonce = timezone.now().strftime("%Y%m%d%H%M%S%f")
    reminder = Reminder(
        key=f"bulletin-test:{bulletin.pk}:{to.pk}:{nonce}",
        kind="bulletin_test",  # not "bulletin": a bounce or an unsubscribe of the list never concerns it
        recipient=to,
        email=to.email,
        subject=subject[:200],
        body=body,
        send_after=timezone.now(),
    )
    with transaction.atomic():
        outbox_queue_many([reminder])
        _send_due_on_commit()
    return True
