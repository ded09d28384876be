"""Block Watch and neighbourhood programs: groups trained and supported by the police.

Only the captains are named (with their consent recorded); residents appear as counts of households. Kept in
its own module beside the mailing list: the same app, a different program.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

HOUSEHOLDS_MAX = 100_000  # the blockwatch_households check constraint


@deconstructible
class HouseholdsMaxValidator(MaxValueValidator):
    """The check constraint's limit, said next to the field (a constraint's own error is a form-level "Constraint
    ... is violated") and written as the reader's language writes figures (100,000 / 100 000)."""

    message = _("A group counts at most %(limit_value)s households.")

    def __init__(self, limit_value=HOUSEHOLDS_MAX, message=None):
        super().__init__(limit_value, message)

    def __call__(self, value):
        if value is not None and value > self.limit_value:
            limit = number_format(self.limit_value, force_grouping=True)
            raise ValidationError(self.message, code=self.code, params={"limit_value": limit, "value": value})


class Group(models.Model):
    class Status(models.TextChoices):
        FORMING = "forming", _("Forming")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    name = models.CharField(_("name"), max_length=150, unique=True)
    area = models.TextField(
        _("area"), help_text=_("The streets or a described boundary, e.g. Elm St. from 1st to 5th Ave.")
    )
    households = models.PositiveIntegerField(_("households"), validators=[HouseholdsMaxValidator()])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.FORMING)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("supporting officer"),
    )  # fmt: skip
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        app_label = "engagement"
        verbose_name = _("Block Watch group")
        verbose_name_plural = _("Block Watch groups")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(households__lte=HOUSEHOLDS_MAX), name="blockwatch_households")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("engagement:group_detail", args=[self.pk])


class Captain(models.Model):
    """A captain or co-captain: the one person of the group the unit keeps a name for, with their consent."""

    class Role(models.TextChoices):
        CAPTAIN = "captain", _("Captain")
        CO_CAPTAIN = "co_captain", _("Co-captain")

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="captains")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    consent_at = models.DateField(_("consent to be contacted given on"))
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        app_label = "engagement"
        verbose_name = _("captain")
        verbose_name_plural = _("captains")
        ordering = ["group", "role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Activity(models.Model):
    """A training session, a security assessment (home or area) or an alert sent to the group."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training session")
        HOME_ASSESSMENT = "home_assessment", _("Home security assessment")
        AREA_ASSESSMENT = "area_assessment", _("Area security assessment")
        ALERT = "alert", _("Alert sent")

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("officer"),
    )  # fmt: skip
    attendance = models.PositiveIntegerField(_("people attending"), null=True, blank=True)
    notes = models.CharField(
        _("recommendations or message"), max_length=1000, blank=True,
        help_text=_("No resident names or addresses beyond the captains."),
    )  # fmt: skip
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        app_label = "engagement"
        verbose_name = _("Block Watch activity")
        verbose_name_plural = _("Block Watch activities")
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.on:%Y-%m-%d}"
