from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .weeks import WeekRule

MAX_OVERRIDE_DAYS = 14


class AwarenessWeek(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    rule = models.CharField(_("date rule"), max_length=40, choices=WeekRule.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("awareness week")
        verbose_name_plural = _("awareness weeks")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:week_detail", args=[self.pk])

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name_en


class AwarenessWeekOverride(models.Model):
    """Local dates for one year (e.g. Peterborough holds Drug Awareness Week in February)."""

    week = models.ForeignKey(
        AwarenessWeek, on_delete=models.PROTECT, related_name="overrides", verbose_name=_("awareness week")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    history = HistoricalRecords()

    # The 14-day limit is checked in AwarenessWeekOverride.clean / the service: date arithmetic in a CHECK
    # constraint is not portable to the SQLite file used by `make run`.
    class Meta:
        verbose_name = _("awareness week dates")
        verbose_name_plural = _("awareness week dates")
        ordering = ["week", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["week", "year"], name="awarenessweekoverride_one_per_year"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="awarenessweekoverride_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.week} {self.year}: {self.starts_on}–{self.ends_on}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": _("The last day must be on or after the first day.")})
            if (self.ends_on - self.starts_on).days + 1 > MAX_OVERRIDE_DAYS:
                raise ValidationError(
                    {"ends_on": _("An awareness week may last at most %(days)s days.") % {"days": MAX_OVERRIDE_DAYS}}
                )


class EventQuerySet(models.QuerySet):
    def overlapping(self, start, end):
        """Events that intersect the half-open range [start, end)."""
        return self.filter(starts_at__lt=end, ends_at__gt=start)


class Event(models.Model):
    class Type(models.TextChoices):
        AWARENESS_WEEK = "awareness_week", _("Awareness-week event")
        COMMUNITY = "community", _("Community event (e.g. Coffee with a Cop)")
        SCHOOL = "school", _("School event")
        FORUM = "forum", _("Forum")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices, default=Type.COMMUNITY)
    awareness_week = models.ForeignKey(
        AwarenessWeek,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("awareness week"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        "committees.Partner", blank=True, related_name="events", verbose_name=_("partners")
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_events",
        verbose_name=_("lead staff member"),
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="staffed_events", verbose_name=_("other staff")
    )
    expected_attendance = models.PositiveIntegerField(_("expected attendance"), null=True, blank=True)
    actual_attendance = models.PositiveIntegerField(_("actual attendance"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[partners, staff])
    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["starts_at"], name="event_starts_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="event_cancel_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    def staff_ids(self, linked=None) -> tuple[int, ...]:
        """The lead, then the staff members, once each; `linked`: the staff ids when the caller read them already
        (the calendar reads the link table once for all its events)."""
        ids = [self.lead_id] if self.lead_id else []
        ids += list(linked) if linked is not None else [u.pk for u in self.staff.all()]
        return tuple(dict.fromkeys(ids))
