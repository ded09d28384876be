"""The situation table (HUB / Community Safety Model): tables, their meetings, and situations through the four
filters, recorded de-identified as Ontario's Risk-driven Tracking Database (RTD) does.

Nothing here identifies a person: no names, addresses, dates of birth or file numbers. Every field is a choice, a
foreign key, a number, a date or a short text checked by `validators.no_identifying_text`
(tests/situations/test_deidentified.py lists every field).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from committees.models import Committee, Partner
from schools.models import localized

from .validators import SHORT_TEXT_MAX, SHORT_TEXT_VALIDATORS, ListOfChoices


def short_text(verbose_name, **kwargs) -> models.CharField:
    return models.CharField(
        verbose_name, max_length=SHORT_TEXT_MAX, blank=True, validators=SHORT_TEXT_VALIDATORS, **kwargs
    )


class Weekday(models.TextChoices):
    MONDAY = "mon", _("Monday")
    TUESDAY = "tue", _("Tuesday")
    WEDNESDAY = "wed", _("Wednesday")
    THURSDAY = "thu", _("Thursday")
    FRIDAY = "fri", _("Friday")


class Factor(models.Model):
    """One risk or protective factor of the standard list, in its category: editable data (data migration 0002)."""

    class Kind(models.TextChoices):
        RISK = "risk", _("Risk factor")
        PROTECTIVE = "protective", _("Protective factor")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=80)
    category_en = models.CharField(_("category (English)"), max_length=120)
    category_fr = models.CharField(_("category (French)"), max_length=120, blank=True)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_fr = models.CharField(_("label (French)"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factors")
        ordering = ["kind", "position", "category_en", "label_en"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="factor_kind_code_unique")]

    def __str__(self) -> str:
        return f"{self.category} — {self.label}"

    @property
    def category(self) -> str:
        return localized(self, "category")

    @property
    def label(self) -> str:
        return localized(self, "label")


class SituationTable(models.Model):
    class Cadence(models.TextChoices):
        TWICE_WEEKLY = "twice_weekly", _("Twice a week")
        WEEKLY = "weekly", _("Weekly")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")

    name = models.CharField(_("name"), max_length=200, unique=True, validators=SHORT_TEXT_VALIDATORS)
    host = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="hosted_tables", verbose_name=_("host organisation")
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situation_tables",
        verbose_name=_("committee hosting the table"),
    )
    agencies = models.ManyToManyField(
        Partner, blank=True, related_name="situation_tables", verbose_name=_("member agencies")
    )
    cadence = models.CharField(_("meeting pattern"), max_length=20, choices=Cadence.choices)
    # A list of Weekday values (JSON: the embedded SQLite default has no array type).
    meeting_days = models.JSONField(
        _("meeting days"), default=list, blank=True, validators=[ListOfChoices(Weekday.values)]
    )
    active_from = models.DateField(_("in place since"))
    active_to = models.DateField(_("ended on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[agencies])

    class Meta:
        verbose_name = _("situation table")
        verbose_name_plural = _("situation tables")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="situationtable_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("situations:situationtable_detail", args=[self.pk])

    @property
    def meeting_days_label(self) -> str:
        labels = dict(Weekday.choices)
        return ", ".join(str(labels.get(day, day)) for day in self.meeting_days)


class TableMeeting(models.Model):
    table = models.ForeignKey(
        SituationTable, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("situation table")
    )
    starts_at = models.DateTimeField(_("starts at"))
    agencies_present = models.ManyToManyField(
        Partner, blank=True, related_name="table_meetings", verbose_name=_("agencies present")
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = short_text(_("reason for voiding"))
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[agencies_present])

    class Meta:
        verbose_name = _("table meeting")
        verbose_name_plural = _("table meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["table", "starts_at"], name="tablemeeting_table_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""), name="tablemeeting_void_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.table} — {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("situations:tablemeeting_detail", args=[self.pk])


class SituationQuerySet(models.QuerySet):
    def current(self):
        return self.filter(voided_at__isnull=True)


class Situation(models.Model):
    """One discussion through the four filters (RTD: one "discussion")."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        FAMILY = "family", _("Family")
        ENVIRONMENT = "environment", _("Environment / location")

    class AgeGroup(models.TextChoices):
        AGE_0_5 = "0-5", _("0–5")
        AGE_6_11 = "6-11", _("6–11")
        AGE_12_15 = "12-15", _("12–15")
        AGE_16_17 = "16-17", _("16–17")
        AGE_18_24 = "18-24", _("18–24")
        AGE_25_29 = "25-29", _("25–29")
        AGE_30_39 = "30-39", _("30–39")
        AGE_40_59 = "40-59", _("40–59")
        AGE_60_PLUS = "60+", _("60 and over")
        MULTIPLE = "multiple", _("Multiple age groups")
        NOT_APPLICABLE = "n/a", _("Not applicable")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        TRANSGENDER_OTHER = "other", _("Transgender / other")
        MULTIPLE = "multiple", _("Multiple")
        NOT_APPLICABLE = "n/a", _("Not applicable")

    class NotMetReason(models.TextChoices):
        NOT_ACUTE = "not_acute", _("Risk not acutely elevated")
        SINGLE_AGENCY = "single_agency", _("One agency can address it alone")
        ALREADY_SERVED = "already_served", _("Already connected to the services needed")
        MORE_INFORMATION = "more_information", _("Not enough information")
        OTHER = "other", _("Other")

    class Service(models.TextChoices):
        ADDICTIONS = "addictions", _("Addiction services")
        MENTAL_HEALTH = "mental_health", _("Mental health services")
        HEALTH = "health", _("Health care")
        HOUSING = "housing", _("Housing / shelter")
        INCOME = "income", _("Income support")
        FOOD = "food", _("Food security")
        CHILD_WELFARE = "child_welfare", _("Child welfare")
        EDUCATION = "education", _("Education")
        EMPLOYMENT = "employment", _("Employment")
        POLICE = "police", _("Police")
        PROBATION = "probation", _("Probation and parole")
        VICTIM_SERVICES = "victim_services", _("Victim services")
        SENIOR_SERVICES = "senior_services", _("Senior services")
        YOUTH_SERVICES = "youth_services", _("Youth services")
        CULTURAL = "cultural", _("Cultural / Indigenous services")
        OTHER = "other", _("Other")

    class Conclusion(models.TextChoices):
        LOWERED_CONNECTED = "lowered_connected", _("Overall risk lowered: connected to services")
        LOWERED_INFORMED = "lowered_informed", _("Overall risk lowered: informed of services")
        LOWERED_ENGAGED = "lowered_engaged", _("Overall risk lowered: already engaged with services")
        LOWERED_OTHER = "lowered_other", _("Overall risk lowered: other")
        STILL_REFUSED = "still_refused", _("Still at elevated risk: refused services")
        STILL_UNREACHABLE = "still_unreachable", _("Still at elevated risk: could not be located")
        STILL_MOVED = "still_moved", _("Still at elevated risk: moved away")
        STILL_OTHER = "still_other", _("Still at elevated risk: other")

    RISK_LOWERED = (
        Conclusion.LOWERED_CONNECTED,
        Conclusion.LOWERED_INFORMED,
        Conclusion.LOWERED_ENGAGED,
        Conclusion.LOWERED_OTHER,
    )

    class Status(models.TextChoices):
        BROUGHT = "brought", _("Brought (filter 1)")
        NOT_MET = "not_met", _("Threshold not met")
        ASSIGNING = "assigning", _("Threshold met: agencies to name (filter 3)")
        RESPONDING = "responding", _("Awaiting first response (filter 4)")
        OPEN = "open", _("Responded: under review")
        CONCLUDED = "concluded", _("Concluded")
        VOIDED = "voided", _("Voided")

    table = models.ForeignKey(
        SituationTable, on_delete=models.PROTECT, related_name="situations", verbose_name=_("situation table")
    )
    number = models.PositiveIntegerField(_("discussion number"), editable=False)
    # Filter 1
    originating_agency = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="situations_brought", verbose_name=_("originating agency")
    )
    brought_on = models.DateField(_("date brought"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    # Filter 2
    presented_at = models.ForeignKey(
        TableMeeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situations_presented",
        verbose_name=_("presented at meeting"),
    )
    threshold_met = models.BooleanField(_("threshold of acutely elevated risk met"), null=True, blank=True)
    not_met_reason = models.CharField(
        _("why the threshold was not met"), max_length=30, choices=NotMetReason.choices, blank=True
    )
    not_met_note = short_text(_("brief note on the decision"))
    risk_factors = models.ManyToManyField(
        Factor, blank=True, related_name="situations_at_risk", verbose_name=_("risk factors")
    )
    protective_factors = models.ManyToManyField(
        Factor, blank=True, related_name="situations_protected", verbose_name=_("protective factors")
    )
    # Filter 3
    lead_agency = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="situations_led",
        verbose_name=_("lead agency"),
    )
    assisting_agencies = models.ManyToManyField(
        Partner, blank=True, related_name="situations_assisted", verbose_name=_("assisting agencies")
    )
    # Filter 4
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    # A list of Service values (JSON: the embedded SQLite default has no array type).
    services_mobilized = models.JSONField(
        _("services mobilized"), default=list, blank=True, validators=[ListOfChoices(Service.values)]
    )
    # Conclusion
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=30, choices=Conclusion.choices, blank=True)
    conclusion_note = short_text(_("note on the conclusion"))
    # Void (never deleted)
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    void_reason = short_text(_("reason for voiding"))
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[risk_factors, protective_factors, assisting_agencies])
    objects = SituationQuerySet.as_manager()

    class Meta:
        verbose_name = _("situation")
        verbose_name_plural = _("situations")
        ordering = ["-brought_on", "-pk"]
        indexes = [models.Index(fields=["brought_on"], name="situation_brought_idx")]
        constraints = [
            models.UniqueConstraint(fields=["table", "number"], name="situation_table_number_unique"),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""), name="situation_void_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(threshold_met=False) | ~Q(not_met_reason=""), name="situation_not_met_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(threshold_met=True) | Q(lead_agency__isnull=True), name="situation_lead_needs_threshold"
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | ~Q(conclusion=""), name="situation_concluded_has_conclusion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.table}"

    def get_absolute_url(self) -> str:
        return reverse("situations:situation_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"ST-{self.table_id}-{self.number:04d}"

    @property
    def status(self) -> str:
        S = self.Status
        if self.voided_at:
            return S.VOIDED
        if self.concluded_on:
            return S.CONCLUDED
        if self.threshold_met is None:
            return S.BROUGHT
        if self.threshold_met is False:
            return S.NOT_MET
        if self.lead_agency_id is None:
            return S.ASSIGNING
        if self.first_response_at is None:
            return S.RESPONDING
        return S.OPEN

    def get_status_display(self) -> str:
        return str(dict(self.Status.choices)[self.status])

    @property
    def hours_to_response(self) -> float | None:
        """Hours from the meeting where the table accepted the situation to the first response."""
        if self.first_response_at is None or self.presented_at is None:
            return None
        return round((self.first_response_at - self.presented_at.starts_at) / dt.timedelta(hours=1), 1)

    @property
    def within_target(self) -> bool | None:
        hours = self.hours_to_response
        return None if hours is None else hours <= settings.SITUATIONS_RESPONSE_TARGET_HOURS

    def services_mobilized_labels(self) -> list[str]:
        labels = dict(self.Service.choices)
        return [str(labels.get(code, code)) for code in self.services_mobilized]


class Review(models.Model):
    """The situation discussed again at a later meeting, until it is concluded."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", _("Keep open: still at acutely elevated risk")
        CONCLUDE = "conclude", _("Ready to conclude")

    situation = models.ForeignKey(
        Situation, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("situation")
    )
    meeting = models.ForeignKey(
        TableMeeting, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("meeting")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = short_text(_("note"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["meeting__starts_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["situation", "meeting"], name="review_once_per_meeting")]

    def __str__(self) -> str:
        return f"{self.situation.reference} @ {self.meeting}"
