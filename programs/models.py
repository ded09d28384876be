"""School programs: the catalogue, sessions delivered, class series, presentation requests, the CAA School
Safety Patrol and student placements.

Privacy: students are never named in sessions, series or patrol figures; classes are recorded by
grade and teacher/class label and counts. Placement students are the one exception (they are adults or
consenting secondary students) and their names are purged after `retain_until`.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from csu.choices import CswbArea, Language, Pillar
from csu.models import LoadedValues
from schools.models import localized

AUDIENCE_MAX = 2000
SESSION_MINUTES_MAX = 600  # a whole school day and more: a longer "session" is a typing slip
NO_STUDENT_NAMES = _("Never enter students' names: record the grade and the teacher or class label only.")


class ProgramQuerySet(models.QuerySet):
    def with_current_revision(self):
        latest = ProgramRevision.objects.filter(program=OuterRef("pk")).order_by("-revised_on", "-pk")
        return self.annotate(
            current_revised_on=Subquery(latest.values("revised_on")[:1]),
            current_revision_summary=Subquery(latest.values("summary")[:1]),
        )


class Program(models.Model):
    class Kind(models.TextChoices):
        SCHOOL_PROGRAM = "school_program", _("School program")
        PRESENTATION = "presentation", _("Presentation")
        SAFETY_PATROL = "safety_patrol", _("Safety patrol")
        COMMUNITY = "community", _("Community")

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("Short code, e.g. VIP."))
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    target_grades = models.CharField(_("target grades"), max_length=60, blank=True, help_text=_("e.g. 6 or K-1"))
    sessions_min = models.PositiveSmallIntegerField(
        _("expected sessions per class (minimum)"), default=1, validators=[MinValueValidator(1)]
    )
    sessions_max = models.PositiveSmallIntegerField(
        _("expected sessions per class (maximum)"), default=1, validators=[MinValueValidator(1)]
    )
    typical_minutes = models.PositiveSmallIntegerField(
        _("typical length (minutes)"), default=60, validators=[MinValueValidator(1)]
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices, default=Pillar.EDUCATION)
    cswb_area = models.CharField(_("CSWB area"), max_length=30, choices=CswbArea.choices, default=CswbArea.PREVENTION)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SCHOOL_PROGRAM)
    available_from = models.DateField(_("available from"), help_text=_("Sessions dated before this day are refused."))
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()
    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(sessions_min__gte=1), name="program_sessions_min_positive"),
            models.CheckConstraint(
                condition=Q(sessions_max__gte=F("sessions_min")), name="program_sessions_max_gte_min"
            ),
            models.CheckConstraint(condition=Q(typical_minutes__gt=0), name="program_typical_minutes_positive"),
        ]

    def __str__(self) -> str:
        # Catalogue names often start with the code already ("VIP — Values, Influences and Peers", "KIDS").
        if self.name.casefold().startswith(self.code.casefold()):
            return self.name
        return f"{self.code} — {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("programs:program_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def expected_sessions_label(self) -> str:
        if self.sessions_min == self.sessions_max:
            return str(self.sessions_min)
        return f"{self.sessions_min}–{self.sessions_max}"


class ProgramRevision(models.Model):
    """Programs are "constantly being revised": the latest revision is the program's current one."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="revisions", verbose_name=_("program"))
    revised_on = models.DateField(_("revised on"))
    summary = models.TextField(_("what changed"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("program revision")
        verbose_name_plural = _("program revisions")
        ordering = ["program", "-revised_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.program.code} {self.revised_on:%Y-%m-%d}"


class ClassSeriesQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate `delivered` (active sessions) in the same query: a subquery count, no query per row."""
        delivered = (
            Session.objects.filter(series=OuterRef("pk"), status=Session.Status.ACTIVE)
            .order_by()
            .values("series")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(delivered=Coalesce(Subquery(delivered), Value(0)))

    def incomplete(self):
        return self.with_progress().filter(delivered__lt=F("program__sessions_min"))


class ClassSeries(models.Model):
    """One class following a multi-session program (e.g. VIP in one Grade 6 class) in one school year."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="series", verbose_name=_("program"))
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="class_series", verbose_name=_("school")
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The calendar year the school year starts in (2025 for 2025–2026).")
    )
    class_label = models.CharField(
        _("class label or teacher"), max_length=100, help_text=_("e.g. Room 12 or Ms. Singh. ") + NO_STUDENT_NAMES
    )
    grade = models.CharField(_("grade"), max_length=20, help_text=_("e.g. 6 or K-1"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="class_series", verbose_name=_("officer")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    history_on_behalf_of = "officer"  # csu.history: "recorded by X for Y"
    objects = ClassSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = _("class series")
        verbose_name_plural = _("class series")
        ordering = ["-school_year", "school__name_en", "class_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "school", "school_year", "class_label"], name="class_series_unique_class"
            ),
        ]
        # An officer's series of a year (the officer's dashboard): 1,600 series an officer over ten years.
        indexes = [models.Index(fields=["officer", "school_year"], name="class_series_officer_year")]

    def __str__(self) -> str:
        return f"{self.program.code} · {self.school} · {self.class_label}"

    def get_absolute_url(self) -> str:
        return reverse("programs:classseries_detail", args=[self.pk])

    # `delivered` comes from ClassSeries.objects.with_progress() (an annotation: no query per row).
    @property
    def is_complete(self) -> bool:
        return self.delivered >= self.program.sessions_min

    @property
    def progress_label(self) -> str:
        return _("%(delivered)s of %(expected)s") % {"delivered": self.delivered, "expected": self.program.sessions_max}


class SessionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Session.Status.ACTIVE)

    def editable_by(self, user):
        """Officers edit only sessions they delivered (the logger is always one of the officers)."""
        if user.is_superuser:
            return self
        return self.filter(officers=user)


class Session(LoadedValues, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        VOIDED = "voided", _("Voided")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("program"))
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="program_sessions",
        null=True,
        blank=True,
        verbose_name=_("school"),
    )
    organisation = models.CharField(
        _("community organisation"), max_length=200, blank=True, help_text=_("Required when there is no school.")
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True, help_text=_("Required when there is no school."))
    starts_at = models.DateTimeField(_("date and time"))
    length_minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(SESSION_MINUTES_MAX)],
        help_text=_("1 to 600 minutes."),
    )
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="program_sessions", verbose_name=_("officers")
    )
    grades = models.CharField(_("grades"), max_length=20, blank=True, help_text=_("e.g. 6 or K-1"))
    class_label = models.CharField(_("class label or teacher"), max_length=100, blank=True, help_text=NO_STUDENT_NAMES)
    audience_count = models.PositiveSmallIntegerField(
        _("audience count"), validators=[MaxValueValidator(AUDIENCE_MAX)], help_text=_("0 to 2000 people.")
    )
    series = models.ForeignKey(
        ClassSeries,
        on_delete=models.PROTECT,
        related_name="sessions",
        null=True,
        blank=True,
        verbose_name=_("class series"),
    )
    session_number = models.PositiveSmallIntegerField(
        _("session number"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH)
    notes = models.TextField(_("notes"), blank=True, help_text=NO_STUDENT_NAMES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[officers])
    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["-starts_at"], name="session_starts_idx"),
            models.Index(fields=["program", "-starts_at"], name="session_program_idx"),
            # A school's latest sessions (its page): without it, the newest sessions of every school are walked.
            models.Index(fields=["school", "-starts_at"], name="session_school_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(length_minutes__gt=0), name="session_length_positive"),
            models.CheckConstraint(condition=Q(length_minutes__lte=SESSION_MINUTES_MAX), name="session_length_at_most"),
            models.CheckConstraint(
                condition=Q(audience_count__gte=0, audience_count__lte=AUDIENCE_MAX), name="session_audience_range"
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=False) | (~Q(organisation="") & ~Q(venue="")),
                name="session_school_or_organisation",
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=True) | Q(session_number__gte=1), name="session_series_has_number"
            ),
            models.CheckConstraint(
                condition=~Q(status="voided") | ~Q(void_reason=""), name="session_void_needs_reason"
            ),
            models.UniqueConstraint(
                fields=["series", "session_number"],
                condition=Q(status="active", series__isnull=False),
                name="session_unique_number_in_series",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.code} · {self.place} · {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("programs:session_detail", args=[self.pk])

    @property
    def place(self) -> str:
        return str(self.school) if self.school_id else self.organisation

    @property
    def is_voided(self) -> bool:
        return self.status == self.Status.VOIDED


class PresentationRequest(models.Model):
    """A school or organisation asking for a presentation. Requesters have no account."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        SCHEDULED = "scheduled", pgettext_lazy("request status", "Scheduled")  # une demande: "Prévue"
        DELIVERED = "delivered", _("Delivered")
        DECLINED = "declined", _("Declined")

    OPEN_STATUSES = (Status.NEW, Status.SCHEDULED)
    # The legal moves; services refuse any other.
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.NEW: (Status.SCHEDULED, Status.DECLINED),
        Status.SCHEDULED: (Status.SCHEDULED, Status.DELIVERED, Status.DECLINED),
        Status.DELIVERED: (),
        Status.DECLINED: (),
    }

    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="presentation_requests",
        null=True,
        blank=True,
        verbose_name=_("requesting school"),
    )
    organisation = models.CharField(
        _("requesting organisation"), max_length=200, blank=True, help_text=_("When the request is not from a school.")
    )
    contact_name = models.CharField(_("contact name"), max_length=150)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    program = models.ForeignKey(
        Program,
        on_delete=models.PROTECT,
        related_name="requests",
        null=True,
        blank=True,
        verbose_name=_("program"),
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True, help_text=_("When no catalogue program fits."))
    preferred_dates = models.CharField(_("preferred dates"), max_length=200, blank=True)
    audience_description = models.CharField(_("audience"), max_length=300, blank=True)
    audience_size = models.PositiveSmallIntegerField(
        _("audience size"), null=True, blank=True, validators=[MaxValueValidator(AUDIENCE_MAX)]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH)
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    assigned_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="presentation_requests",
        null=True,
        blank=True,
        verbose_name=_("assigned officer"),
    )
    scheduled_for = models.DateField(_("scheduled for"), null=True, blank=True)
    # Requests ask for "weekday evenings": the time is part of the booking (optional for older rows).
    scheduled_time = models.TimeField(_("scheduled time"), null=True, blank=True)
    session = models.OneToOneField(
        Session,
        on_delete=models.PROTECT,
        related_name="presentation_request",
        null=True,
        blank=True,
        verbose_name=_("session delivered"),
    )
    decline_reason = models.CharField(_("reason declined"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presentation request")
        verbose_name_plural = _("presentation requests")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(contact_email="") | ~Q(contact_phone=""), name="request_email_or_phone"
            ),
            models.CheckConstraint(
                condition=Q(school__isnull=False) | ~Q(organisation=""), name="request_school_or_organisation"
            ),
            models.CheckConstraint(condition=Q(program__isnull=False) | ~Q(topic=""), name="request_program_or_topic"),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "delivered"])
                | Q(assigned_officer__isnull=False, scheduled_for__isnull=False),
                name="request_scheduled_has_officer_and_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(session__isnull=False), name="request_delivered_has_session"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="request_declined_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(audience_size__isnull=True) | Q(audience_size__lte=AUDIENCE_MAX),
                name="request_audience_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} — {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("programs:presentationrequest_detail", args=[self.pk])

    @property
    def requester(self) -> str:
        return str(self.school) if self.school_id else self.organisation

    @property
    def subject(self) -> str:
        return self.program.name if self.program_id else self.topic

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def allowed_next(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.status]

    @property
    def days_waiting(self) -> int | None:
        """Days a new request has waited for a booking (None once scheduled, delivered or declined)."""
        if self.status != self.Status.NEW:
            return None
        from django.utils import timezone

        return (timezone.localdate() - self.received_on).days

    @property
    def days_to_delivery(self) -> int | None:
        """Days from the request to the session delivered (needs `session` selected)."""
        if self.status != self.Status.DELIVERED or self.session is None:
            return None
        from django.utils import timezone

        return (timezone.localdate(self.session.starts_at) - self.received_on).days


class PatrolYear(models.Model):
    """CAA School Safety Patrol figures of one school for one school year. Counts only, never names."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="patrol_years", verbose_name=_("school")
    )
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The calendar year the school year starts in (2025 for 2025–2026).")
    )
    patrollers = models.PositiveSmallIntegerField(_("patrollers"), default=0)
    captains = models.PositiveSmallIntegerField(_("patrol captains"), default=0)
    training_on = models.DateField(_("training date"), null=True, blank=True)
    exam_passes = models.PositiveSmallIntegerField(_("exam passes"), default=0)
    patroller_of_year_nominations = models.PositiveSmallIntegerField(_("Patroller of the Year nominations"), default=0)
    supervisor_of_year_nominations = models.PositiveSmallIntegerField(
        _("Patrol Supervisor of the Year nominations"), default=0
    )
    notes = models.TextField(_("notes"), blank=True, help_text=NO_STUDENT_NAMES)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("safety patrol year")
        verbose_name_plural = _("safety patrol years")
        ordering = ["-school_year", "school__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="patrol_year_unique_school_year"),
            models.CheckConstraint(condition=Q(exam_passes__lte=F("patrollers")), name="patrol_passes_lte_patrollers"),
            models.CheckConstraint(condition=Q(captains__lte=F("patrollers")), name="patrol_captains_lte_patrollers"),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}"

    def get_absolute_url(self) -> str:
        return reverse("programs:patrolyear_detail", args=[self.pk])


def default_retain_until(ends_on: dt.date) -> dt.date:
    """MFIPPA: keep personal information at least one year after its last use (the placement's end)."""
    try:
        return ends_on.replace(year=ends_on.year + 1)
    except ValueError:  # 29 February
        return ends_on.replace(year=ends_on.year + 1, day=28)


class Placement(models.Model):
    class Level(models.TextChoices):
        SECONDARY = "secondary", _("Secondary")
        POST_SECONDARY = "post_secondary", _("Post-secondary")

    # Blanked by `purge_placements` once `retain_until` has passed (also in the history rows).
    PERSONAL_FIELDS = ("student_name", "project_summary", "notes")

    student_name = models.CharField(_("student name"), max_length=150, blank=True)
    institution = models.CharField(_("school or institution"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    program_of_study = models.CharField(_("program of study"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervised_placements",
        verbose_name=_("supervising staff member"),
    )
    project_summary = models.TextField(_("project summary"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consent_confirmed = models.BooleanField(
        _("consent confirmed"),
        default=False,
        help_text=_("The student is an adult, or a parent/guardian consented to the placement and this record."),
    )
    retain_until = models.DateField(
        _("keep personal information until"), help_text=_("Default: one year after the end (MFIPPA).")
    )
    purged_at = models.DateTimeField(_("personal information purged at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="placement_end_after_start"),
            models.CheckConstraint(condition=Q(hours__gte=0), name="placement_hours_not_negative"),
            models.CheckConstraint(condition=Q(retain_until__gte=F("ends_on")), name="placement_retain_after_end"),
        ]

    def __str__(self) -> str:
        return self.student_name or _("Placement #%(pk)s (purged)") % {"pk": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("programs:placement_detail", args=[self.pk])
