"""Violence Threat Risk Assessments (VTRA) the unit's officers take part in. De-identified by design.

A record says that an assessment took place at a school, at which stage, about what kind of behaviour and with
what outcome: never who. There is no field for a name or a student number; the grade band replaces the grade and
the notes carry the same warning as every other free-text field.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools.models import CallForService, School, localized

NO_NAMES_HELP = _(
    "Never identify anyone: no names, initials, student numbers, dates of birth or details that point to a person."
)


class ListEntry(models.Model):
    """An entry of an editable list (kinds of behaviour, outcome categories): bilingual, retired rather than deleted."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class BehaviourKind(ListEntry):
    history = HistoricalRecords()

    class Meta(ListEntry.Meta):
        verbose_name = _("kind of behaviour")
        verbose_name_plural = _("kinds of behaviour")


class OutcomeCategory(ListEntry):
    history = HistoricalRecords()

    class Meta(ListEntry.Meta):
        verbose_name = _("outcome category")
        verbose_name_plural = _("outcome categories")


class ThreatAssessmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ThreatAssessment.Status.ACTIVE)

    def follow_up_overdue(self, today):
        return self.active().filter(follow_up_on__lt=today, follow_up_done=False)

    def editable_by(self, user):
        """Officers change the assessments they took part in or recorded; supervisors change any."""
        if user.has_perm("threats.change_any_threatassessment"):
            return self
        return self.filter(Q(officers=user) | Q(created_by=user)).distinct()


class ThreatAssessment(models.Model):
    class Stage(models.TextChoices):
        ONE = "1", _("Stage I")
        TWO = "2", _("Stage II")

    class GradeBand(models.TextChoices):
        PRIMARY = "primary", _("Kindergarten to Grade 3")
        JUNIOR = "junior", _("Grades 4 to 6")
        INTERMEDIATE = "intermediate", _("Grades 7 and 8")
        SECONDARY = "secondary", _("Grades 9 to 12")
        ADULT = "adult", _("Adult learner")
        NOT_RECORDED = "not_recorded", _("Not recorded")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        VOIDED = "voided", _("Voided")

    school = models.ForeignKey(
        School, on_delete=models.PROTECT, related_name="threat_assessments", verbose_name=_("school")
    )
    assessed_on = models.DateField(_("date of the assessment"))
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="threat_assessments", verbose_name=_("officers involved")
    )
    stage = models.CharField(_("stage reached"), max_length=1, choices=Stage.choices, default=Stage.ONE)
    behaviour = models.ForeignKey(
        BehaviourKind, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("kind of behaviour")
    )
    outcome = models.ForeignKey(
        OutcomeCategory, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("outcome")
    )
    grade_band = models.CharField(
        _("grade band"), max_length=20, choices=GradeBand.choices, default=GradeBand.NOT_RECORDED
    )
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    call = models.ForeignKey(
        CallForService,
        on_delete=models.PROTECT,
        related_name="threat_assessments",
        verbose_name=_("call for service"),
        null=True,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True, help_text=NO_NAMES_HELP)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[officers])
    objects = ThreatAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("threat assessment")
        verbose_name_plural = _("threat assessments")
        ordering = ["-assessed_on", "-pk"]
        permissions = [("change_any_threatassessment", _("Can change any officer's threat assessments"))]
        indexes = [
            models.Index(fields=["-assessed_on"], name="threat_assessed_idx"),
            models.Index(
                fields=["follow_up_on"],
                condition=Q(follow_up_done=False, status="active"),
                name="threat_followup_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="voided") | ~Q(void_reason=""), name="threat_void_needs_reason"),
            models.CheckConstraint(
                condition=Q(follow_up_done=False) | Q(follow_up_on__isnull=False), name="threat_done_needs_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} — {self.school} — {self.assessed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("threats:threatassessment_detail", args=[self.pk])
