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

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["display_name", "username"]
        permissions = [
            ("view_officer_dashboard", _("Can see the officer dashboard")),
            ("view_coordinator_dashboard", _("Can see the coordinator dashboard")),
            ("view_supervisor_dashboard", _("Can see the supervisor dashboard")),
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
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A revocable secret that lets a calendar program read one user's iCalendar feed without signing in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_tokens")
    token = models.CharField(max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} ({'revoked' if self.revoked_at else 'active'})"
