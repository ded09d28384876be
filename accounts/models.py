import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    OFFICER = "officer", _("Community Services Officer")
    COORDINATOR = "coordinator", _("Community Development Coordinator")
    SUPERVISOR = "supervisor", _("Supervisor")


class Rank(models.TextChoices):
    """A police rank, shown before the name in the reader's language (civilian staff have none)."""

    NONE = "", _("No rank")
    CONSTABLE = "cst", _("Cst.")
    SERGEANT = "sgt", _("Sgt.")
    STAFF_SERGEANT = "ssgt", _("S/Sgt.")
    INSPECTOR = "insp", _("Insp.")


class User(AbstractUser):
    display_name = models.CharField(
        _("display name"), max_length=150, blank=True, help_text=_("The name only: the rank is shown from its field.")
    )
    rank = models.CharField(_("rank"), max_length=10, choices=Rank.choices, blank=True, default="")
    badge_number = models.CharField(_("badge number"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )

    # Set for accounts the service's directory manages (accounts.directory); empty for local accounts.
    directory_dn = models.CharField(_("directory entry"), max_length=500, blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "username"]
        permissions = [
            ("view_officer_dashboard", _("Can see the officer dashboard")),
            ("view_coordinator_dashboard", _("Can see the coordinator dashboard")),
            ("view_supervisor_dashboard", _("Can see the supervisor dashboard")),
            ("hand_over_work", _("Can close accounts and hand over their work")),
        ]

    def __str__(self) -> str:
        name = self.display_name or self.get_full_name() or self.username
        return f"{self.get_rank_display()} {name}" if self.rank else name

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR


def _new_token() -> str:
    """A new feed secret (also referenced by migration 0001)."""
    return secrets.token_urlsafe(32)


def calendar_token_hash(raw: str) -> str:
    """What is stored of a feed token: its SHA-256 (the token is 256 random bits, so no salt or slow hash is
    needed to make the stored value useless to someone who reads the table)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class CalendarToken(models.Model):
    """A revocable secret that lets a calendar program read one user's iCalendar feed without signing in.

    Only a hash of the secret is stored: the link is shown once, when it is created (events.services).
    """

    class RevokedBecause(models.TextChoices):
        OWNER = "owner", _("revoked by its owner")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        DEACTIVATED = "deactivated", _("account deactivated")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_tokens")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(
        _("why revoked"), max_length=20, choices=RevokedBecause.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
