"""The community development mailing list (CASL express consent, double opt-in, one-click unsubscribe) and
the bulletins sent to it through the reminder outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Topic(models.Model):
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mailing-list topic")
        verbose_name_plural = _("mailing-list topics")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_fr if (get_language() or "").startswith("fr") else self.name_en


class Subscriber(models.Model):
    """One address on the list. Consent (when, how, the wording shown) is kept as CASL asks, and so is its end."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address refused by the mail server")

    class Method(models.TextChoices):
        PUBLIC_FORM = "public_form", _("Public sign-up form (confirmed by e-mail)")
        SIGNUP_SHEET = "signup_sheet", _("Signed sign-up sheet at an event")

    email = models.EmailField(_("e-mail"), unique=True)
    language = models.CharField(_("language"), max_length=5, choices=[("en", "English"), ("fr", "Français")])
    topics = models.ManyToManyField(Topic, related_name="subscribers", verbose_name=_("topics"))
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.PENDING)
    consent_method = models.CharField(_("consent given by"), max_length=20, choices=Method.choices)
    consent_source = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("e.g. the event whose sign-up sheet it was.")
    )
    consent_wording = models.TextField(_("wording shown"))
    consent_at = models.DateTimeField(_("consent given at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    bounced_at = models.DateTimeField(_("refused by the mail server at"), null=True, blank=True)
    bounce_error = models.CharField(_("mail server's answer"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False), name="subscriber_confirmed_has_date"
            ),
            models.CheckConstraint(condition=~Q(consent_wording=""), name="subscriber_consent_has_wording"),
        ]

    def __str__(self) -> str:
        return self.email


class Bulletin(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    subject_en = models.CharField(_("subject (English)"), max_length=150)
    subject_fr = models.CharField(_("subject (French)"), max_length=150)
    body_en = models.TextField(_("text (English)"))
    body_fr = models.TextField(_("text (French)"))
    topics = models.ManyToManyField(Topic, related_name="bulletins", verbose_name=_("topics"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    queued_count = models.PositiveIntegerField(_("addresses"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[topics])

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_bulletin", _("Can send a bulletin to the mailing list"))]

    def __str__(self) -> str:
        return self.subject_fr if (get_language() or "").startswith("fr") else self.subject_en


class Feedback(models.Model):
    """One anonymous answer to an event's feedback form (reached by a link or QR code shown at the event)."""

    RATINGS = [(n, str(n)) for n in range(1, 6)]

    event = models.ForeignKey(
        "events.Event", on_delete=models.PROTECT, related_name="feedback", verbose_name=_("event")
    )
    useful = models.PositiveSmallIntegerField(_("How useful was it?"), choices=RATINGS)
    clear = models.PositiveSmallIntegerField(_("How clear was it?"), choices=RATINGS)
    recommend = models.BooleanField(_("Would you recommend it to others?"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(useful__gte=1, useful__lte=5), name="feedback_useful_1_5"),
            models.CheckConstraint(condition=Q(clear__gte=1, clear__lte=5), name="feedback_clear_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.useful}/{self.clear}"


from .blockwatch import Activity, Captain, Group  # noqa: E402,F401  (models of the Block Watch program)
