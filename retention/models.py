"""The retention schedule, holds, the monthly reviews a supervisor approves, and the record of each destruction."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .kinds import ANONYMISE, CHOICES, DESTROY


class Action(models.TextChoices):
    ANONYMISE = ANONYMISE, _("Anonymise (blank names and free text; counts stay)")
    DESTROY = DESTROY, _("Destroy (delete the record and its history)")


class RetentionRule(models.Model):
    """How long one kind of record is kept after its own date. Set by IT to the service's retention by-law."""

    kind = models.CharField(_("kind of record"), max_length=30, choices=CHOICES, unique=True)
    keep_years = models.PositiveSmallIntegerField(_("keep (years after the record's date)"))
    action = models.CharField(_("then"), max_length=10, choices=Action.choices)
    authority = models.CharField(
        _("authority"), max_length=300, blank=True, help_text=_("The by-law or schedule item this period comes from.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention schedule")
        ordering = ["kind"]
        constraints = [models.CheckConstraint(condition=Q(keep_years__gte=1), name="retention_keep_at_least_a_year")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.keep_years}"


class HoldQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(released_on__isnull=True)


class Hold(models.Model):
    """An access request or legal hold: the records it covers are never destroyed while it lasts."""

    class Reason(models.TextChoices):
        ACCESS_REQUEST = "access_request", _("Access request (MFIPPA)")
        LEGAL_HOLD = "legal_hold", _("Legal hold")

    reference = models.CharField(_("reference"), max_length=100, help_text=_("e.g. the request or file number."))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    kind = models.CharField(
        _("kind of record"), max_length=30, choices=CHOICES, blank=True, help_text=_("Empty: every kind.")
    )
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("school")
    )
    records_from = models.DateField(_("records dated from"), null=True, blank=True)
    records_until = models.DateField(_("records dated until"), null=True, blank=True)
    placed_on = models.DateField(_("placed on"))
    released_on = models.DateField(_("released on"), null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    history = HistoricalRecords()
    objects = HoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["-placed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(records_from__isnull=True)
                | Q(records_until__isnull=True)
                | Q(records_from__lte=models.F("records_until")),
                name="hold_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.reference}"


class Review(models.Model):
    """What the monthly job found past its retention; nothing is destroyed until a supervisor approves."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved, being applied")
        DONE = "done", _("Applied")
        REJECTED = "rejected", _("Rejected")

    listed_on = models.DateField(_("listed on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("retention review")
        verbose_name_plural = _("retention reviews")
        ordering = ["-listed_on", "-pk"]

    def __str__(self) -> str:
        return _("Retention review of %(day)s") % {"day": f"{self.listed_on:%Y-%m-%d}"}


class ReviewItem(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="items")
    kind = models.CharField(_("kind of record"), max_length=30, choices=CHOICES)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    cutoff = models.DateField(_("dated before"))
    object_ids = models.JSONField(default=list)  # the rows listed, so that approval covers exactly what was shown
    held = models.PositiveIntegerField(_("kept under a hold"), default=0)

    class Meta:
        ordering = ["review", "kind"]
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="review_item_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count}"

    @property
    def count(self) -> int:
        return len(self.object_ids)


class Destruction(models.Model):
    """The record of what was destroyed or anonymised: what, how many, when, approved by whom. Never deleted."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="destructions")
    kind = models.CharField(_("kind of record"), max_length=30, choices=CHOICES)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    count = models.PositiveIntegerField(_("records"))
    history_rows = models.PositiveIntegerField(_("history rows"), default=0)
    held_back = models.PositiveIntegerField(_("kept under a hold"), default=0)
    done_at = models.DateTimeField(_("done at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )

    class Meta:
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
        ordering = ["-done_at", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.count} ({self.done_at:%Y-%m-%d})"
