"""The annual overview report: a row with a status that a Celery task fills in (pretix's export pattern)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def report_file_path(instance: "AnnualReport", filename: str) -> str:
    # Under MEDIA_ROOT in a folder that is never served: files leave only through the access-checked view.
    return f"private/reports/{instance.pk}/{filename}"


class AnnualReport(models.Model):
    class PeriodKind(models.TextChoices):
        CALENDAR_YEAR = "calendar", _("Calendar year")
        SCHOOL_YEAR = "school", _("School year")

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE_STATUSES = (Status.QUEUED, Status.BUILDING)

    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.CALENDAR_YEAR
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("For a school year, the year it starts in (2025 means 2025–2026).")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Printed after the cover page, before the figures.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    failure_reason = models.CharField(_("reason it failed"), max_length=500, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("build attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="annual_reports",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("build started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("build finished"), null=True, blank=True)
    pdf_file = models.FileField(_("PDF file"), upload_to=report_file_path, blank=True, max_length=300)
    xlsx_file = models.FileField(_("spreadsheet file"), upload_to=report_file_path, blank=True, max_length=300)
    csv_file = models.FileField(_("CSV file"), upload_to=report_file_path, blank=True, max_length=300)
    figures = models.JSONField(_("figures"), default=dict, blank=True)

    # Progress ticks and the (large) figures snapshot are not worth a history row each.
    history = HistoricalRecords(excluded_fields=["progress", "figures"])

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "year"],
                condition=Q(status__in=["queued", "building"]),
                name="one_active_annual_report_per_period",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="annual_report_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure_reason=""), name="annual_report_failed_needs_reason"
            ),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="annual_report_status_idx")]

    def __str__(self) -> str:
        return f"{self.period_label} ({self.get_language_display()})"

    @property
    def period_label(self) -> str:
        from schools.models import SchoolYear

        if self.period_kind == self.PeriodKind.SCHOOL_YEAR:
            return str(_("School year %(label)s") % {"label": SchoolYear.label(self.year)})
        return str(_("Calendar year %(year)s") % {"year": self.year})

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def build_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def file_for(self, kind: str):
        return {"pdf": self.pdf_file, "xlsx": self.xlsx_file, "csv": self.csv_file}.get(kind)
