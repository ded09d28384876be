from django.conf import settings
from django.db import models
from django.db.models import DEFERRED
from django.utils.translation import gettext_lazy as _


class LoadedValues:
    """A model mixin remembering the values its row was read with, so that a receiver can tell what a save changed
    (Django's documented `from_db` pattern): csu.cache's FIELDS_READ, the drills' owners (drills.signals)."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def loaded_value(self, attname: str, default=None):
        """The value `attname` was read with (after the last save: the value saved), or `default`."""
        found = getattr(self, "_loaded_values", {}).get(attname, DEFERRED)
        return default if found is DEFERRED else found

    def changed_fields(self) -> set[str] | None:
        """The attribute names whose value differs from the row as read (or last saved); None for a new row."""
        loaded = getattr(self, "_loaded_values", None)
        if loaded is None:
            return None
        return {name for name, value in loaded.items() if value is not DEFERRED and self.__dict__.get(name) != value}

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)  # post_save's receivers still see the row as it was read
        fields = self._meta.concrete_fields
        self._loaded_values = {f.attname: self.__dict__[f.attname] for f in fields if f.attname in self.__dict__}


class Heartbeat(models.Model):
    """Last time a periodic process (Celery beat) proved it was alive; read by /health/."""

    name = models.CharField(max_length=50, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M}"


class Reminder(models.Model):
    """An email waiting to be sent: the outbox shared by drills, committees and every other sweep.

    `key` makes creating a reminder idempotent (a second sweep finds the row already there). `claimed_at` is the
    lease a sender takes before sending (csu.services.reminders_send_due): while it is fresh no other sender
    touches the row; a claim older than REMINDER_CLAIM_LEASE_SECONDS belongs to a sender that died and is taken
    over. `sent_at` is set once the mail server accepted the message; `failed_at` once it was given up.
    """

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    # Empty for mail to someone without an account (a mailing-list subscriber): `email` is where it goes.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    send_after = models.DateTimeField(_("send after"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed for sending"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)  # e.g. List-Unsubscribe
    # Set when the message must no longer go (the subscriber left the list before it was sent).
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Set after REMINDER_MAX_ATTEMPTS failed sends (or one that can never succeed): no sweep sends it again, the
    # supervisor's dashboard lists it and /health/ reports it.
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            models.Index(fields=["send_after"], condition=models.Q(sent_at__isnull=True), name="reminder_unsent_idx")
        ]

    def __str__(self) -> str:
        return self.subject


class AuditEventQuerySet(models.QuerySet):
    """Audit rows are written once and never changed or removed through the application."""

    def update(self, **kwargs):
        raise PermissionError("Audit events cannot be changed.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")

    _raw_delete = delete

    def retention_destroy(self) -> int:
        """The one way rows leave: the retention process, once a supervisor approved it (retention.services)."""
        return models.QuerySet._raw_delete(self, self.db)


class AuditEvent(models.Model):
    """Who did what security-relevant thing, when and from where: sign-ins, lockouts, role changes, downloads.

    Changes to operational records are recorded by django-simple-history instead; the supervisor's audit page
    shows both. Write rows with `csu.audit.audit_log`.
    """

    class Action(models.TextChoices):
        SIGN_IN = "sign_in", _("Signed in")
        # The password was right and the account owes a second factor: not yet signed in.
        PASSWORD_ACCEPTED = "password_accepted", _("Password accepted, code still owed")
        OTP_VERIFIED = "otp_verified", _("Signed in with a two-factor code")
        SIGN_IN_FAILED = "sign_in_failed", _("Sign-in failed")
        SIGN_OUT = "sign_out", _("Signed out")
        LOCKED_OUT = "locked_out", _("Account locked")
        UNLOCKED = "unlocked", _("Account unlocked")
        ROLE_CHANGED = "role_changed", _("Role changed")
        OTP_ENROLLED = "otp_enrolled", _("Two-factor sign-in set up")
        OTP_FAILED = "otp_failed", _("Two-factor code refused")
        OTP_RESET = "otp_reset", _("Two-factor sign-in reset")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        SESSION_EXPIRED = "session_expired", _("Session expired")
        REPORT_DOWNLOADED = "report_downloaded", _("Report downloaded")
        USER_DEACTIVATED = "user_deactivated", _("Account deactivated")
        HANDOVER = "handover", _("Work handed over")
        RECORD_VIEWED = "record_viewed", _("Confidential record viewed")
        RECORDS_EXPORTED = "records_exported", _("Confidential records exported")
        LIST_EXPORTED = "list_exported", _("List exported")
        ATTACHMENT_DOWNLOADED = "attachment_downloaded", _("Attachment downloaded")
        REQUEST_REFUSED = "request_refused", _("Request refused")
        CALENDAR_TOKEN_DELETED = "calendar_token_deleted", _("Calendar link deleted")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    username = models.CharField(_("user name"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, db_index=True)
    target = models.CharField(_("target"), max_length=300, blank=True)
    detail = models.CharField(_("detail"), max_length=1000, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")


class SubmissionKey(models.Model):
    """A create form's one-time key, claimed by the first request that saves with it (csu.submission).

    Written in the same transaction as the record it made; a repeat of the key (double tap, retry, two requests at
    once) finds this row, through the unique constraint, and is answered with `url` instead of a second record.
    """

    key = models.CharField(_("key"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    url = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("submission key")
        verbose_name_plural = _("submission keys")
        constraints = [models.UniqueConstraint(fields=["key", "user"], name="submissionkey_once_per_user")]

    def __str__(self) -> str:
        return self.key
