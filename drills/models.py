import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, validate_comma_separated_integer_list
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from csu.models import LoadedValues
from schools.models import School, SchoolYear, localized

# Defaults used when a school year has no DrillYearRule row. The number of drills required per kind is a setting of
# each DrillKind (the provincial rule of two lockdowns, one per term, is what the migration seeds).
DEFAULT_FALL_DEADLINE = (12, 20)  # last school day before the winter break, roughly
DEFAULT_SPRING_DEADLINE = (6, 30)
DEFAULT_REMINDER_LEAD_DAYS = "30,7"
DEFAULT_OVERDUE_REPEAT_DAYS = 7
DEFAULT_UNSCHEDULED_WARNING_DAYS = 30


class DrillKind(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100, blank=True)
    required_per_year = models.PositiveSmallIntegerField(
        _("drills required per school year"),
        default=0,
        help_text=_(
            "The default for every school year whose rules do not say otherwise; 0 = not required. "
            "Ontario requires two lockdown drills a year."
        ),
    )
    required_by_fall = models.PositiveSmallIntegerField(
        _("of which by the fall deadline"),
        default=0,
        help_text=_("The default number of these drills due by the fall term deadline."),
    )
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("drill kind")
        verbose_name_plural = _("drill kinds")
        ordering = ["-required_per_year", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(required_by_fall__lte=F("required_per_year")), name="drillkind_fall_le_year"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


def parse_lead_days(value: str) -> list[int]:
    """'30,7' -> [30, 7] (largest first, duplicates and zeros dropped)."""
    days = {int(p) for p in value.split(",") if p.strip() and int(p) > 0}
    return sorted(days, reverse=True)


def validate_lead_days(value: str) -> None:
    validate_comma_separated_integer_list(value)
    if not parse_lead_days(value):
        from django.core.exceptions import ValidationError

        raise ValidationError(_("Enter at least one number of days, e.g. 30,7."))


class DrillYearRule(models.Model):
    """Per-school-year drill rules, editable by supervisors. A year without a row uses `for_year()` defaults.

    How many drills of each kind the year requires are its `requirements` (DrillRequirement rows); a kind without
    a row uses the kind's own defaults (see drills.selectors.effective_requirements).
    """

    school_year = models.PositiveIntegerField(
        _("school year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField(_("school year starts on"))
    ends_on = models.DateField(_("school year ends on"))
    fall_deadline = models.DateField(_("fall term deadline"))
    spring_deadline = models.DateField(_("spring term deadline"))
    reminder_lead_days = models.CharField(
        _("remind the officer this many days before a drill"),
        max_length=50,
        default=DEFAULT_REMINDER_LEAD_DAYS,
        validators=[validate_lead_days],
        help_text=_("Comma-separated numbers of days, e.g. 30,7."),
    )
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("repeat overdue notices every (days)"),
        default=DEFAULT_OVERDUE_REPEAT_DAYS,
        validators=[MinValueValidator(1)],
    )
    unscheduled_warning_days = models.PositiveSmallIntegerField(
        _("warn this many days before a term deadline when nothing is scheduled"),
        default=DEFAULT_UNSCHEDULED_WARNING_DAYS,
        validators=[MinValueValidator(1)],
    )
    # Rules beyond the counts per kind (drills.year_rules): some boards ask for them, none by default.
    require_unannounced = models.BooleanField(_("require at least one unannounced drill"), default=False)
    require_outside_class = models.BooleanField(
        _("require at least one drill outside class time"),
        default=False,
        help_text=_("At lunch, recess, or before or after school."),
    )
    require_bomb_threat = models.BooleanField(
        _("require a bomb-threat practice"), default=False, help_text=_("Where the local protocol asks for one.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("drill year rule")
        verbose_name_plural = _("drill year rules")
        ordering = ["-school_year"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="drillyearrule_ends_after_start"),
            models.CheckConstraint(
                condition=Q(fall_deadline__gte=F("starts_on"))
                & Q(fall_deadline__lt=F("spring_deadline"))
                & Q(spring_deadline__lte=F("ends_on")),
                name="drillyearrule_deadlines_in_order",
            ),
        ]

    def __str__(self) -> str:
        return SchoolYear.label(self.school_year)

    @classmethod
    def for_year(cls, year: int) -> "DrillYearRule":
        """The defaults for `year` as an unsaved row (the school year from SCHOOL_YEAR_START)."""
        starts_on, ends_on = SchoolYear.bounds(year)
        return cls(
            school_year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            fall_deadline=dt.date(year, *DEFAULT_FALL_DEADLINE),
            spring_deadline=dt.date(year + 1, *DEFAULT_SPRING_DEADLINE),
            reminder_lead_days=DEFAULT_REMINDER_LEAD_DAYS,
            overdue_repeat_days=DEFAULT_OVERDUE_REPEAT_DAYS,
            unscheduled_warning_days=DEFAULT_UNSCHEDULED_WARNING_DAYS,
        )

    @property
    def lead_days(self) -> list[int]:
        return parse_lead_days(self.reminder_lead_days)

    @property
    def label(self) -> str:
        return SchoolYear.label(self.school_year)


class DrillRequirement(models.Model):
    """How many drills of one kind every school must hold in the school year of a saved rule.

    Saving a year's rules writes one row per kind (zeros included), so that changing a kind's defaults later does
    not change a year that was already set.
    """

    rule = models.ForeignKey(
        DrillYearRule, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("school year rules")
    )
    kind = models.ForeignKey(
        DrillKind, on_delete=models.PROTECT, related_name="requirements", verbose_name=_("kind of drill")
    )
    required = models.PositiveSmallIntegerField(_("drills required in the year"), default=0)
    required_by_fall = models.PositiveSmallIntegerField(_("of which by the fall deadline"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("drill requirement")
        verbose_name_plural = _("drill requirements")
        ordering = ["rule", "kind__name_en"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "kind"], name="drillrequirement_one_per_kind"),
            models.CheckConstraint(
                condition=Q(required_by_fall__lte=F("required")), name="drillrequirement_fall_le_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} — {self.kind}: {self.required}"


class DrillQuerySet(models.QuerySet):
    def counting(self, kind_ids):
        """Drills that count toward a year's requirement: of the kinds that year requires (`kind_ids`, see
        drills.selectors.effective_requirements), not cancelled."""
        return self.filter(kind_id__in=list(kind_ids)).exclude(status=Drill.Status.CANCELLED)

    def between(self, start: dt.date, end: dt.date):
        return self.filter(occurs_on__gte=start, occurs_on__lte=end)

    def editable_by(self, user):
        """Officers change only the drills they lead or created; supervisors change any."""
        if user.has_perm("drills.change_any_drill"):
            return self
        return self.filter(Q(lead_officer=user) | Q(created_by=user))


class Drill(LoadedValues, models.Model):
    class PoliceRole(models.TextChoices):
        # Boards hold the duty to run drills; where the protocol no longer asks for an officer, the school leads.
        LED = "led", _("Led by the officer")
        OBSERVED = "observed", _("Led by the school, officer observing")
        ABSENT = "absent", _("Led by the school, no officer present")

    class TimeOfDay(models.TextChoices):
        CLASS = "class", _("Class time")
        LUNCH = "lunch", _("Lunch")
        RECESS = "recess", _("Recess or break")
        OUTSIDE_HOURS = "outside_hours", _("Before or after school")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    class Outcome(models.TextChoices):
        SATISFACTORY = "satisfactory", _("Satisfactory")
        FOLLOW_UP = "follow_up", _("Follow-up needed")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="drills", verbose_name=_("school"))
    kind = models.ForeignKey(DrillKind, on_delete=models.PROTECT, related_name="drills", verbose_name=_("kind"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("reason cancelled"), max_length=300, blank=True)
    scheduled_for = models.DateTimeField(_("scheduled for"))
    conducted_start = models.DateTimeField(_("started at"), null=True, blank=True)
    conducted_end = models.DateTimeField(_("ended at"), null=True, blank=True)
    occurs_on = models.DateField(
        _("date"), db_index=True, help_text=_("The conducted date, or the scheduled date until it is conducted.")
    )
    announced = models.BooleanField(_("announced"), default=True)
    police_role = models.CharField(_("police role"), max_length=10, choices=PoliceRole.choices, default=PoliceRole.LED)
    time_of_day = models.CharField(_("time of day"), max_length=15, choices=TimeOfDay.choices, default=TimeOfDay.CLASS)
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="led_drills", verbose_name=_("lead officer")
    )
    covering = models.BooleanField(
        _("covering"), default=False, help_text=_("The lead officer is covering for the school's assigned officer.")
    )
    time_to_secure = models.PositiveIntegerField(_("time to secure (seconds)"), null=True, blank=True)
    students_count = models.PositiveIntegerField(_("students taking part"), null=True, blank=True)
    staff_count = models.PositiveIntegerField(_("staff taking part"), null=True, blank=True)
    problems_found = models.TextField(_("problems found"), blank=True)
    debrief_notes = models.TextField(_("debrief notes"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    history_on_behalf_of = "lead_officer"  # csu.history: "recorded by X for Y"
    objects = DrillQuerySet.as_manager()

    class Meta:
        verbose_name = _("drill")
        verbose_name_plural = _("drills")
        ordering = ["-occurs_on", "-pk"]
        permissions = [
            ("change_any_drill", _("Can change any officer's drills")),
            ("view_compliance", _("Can see the drill compliance board")),
        ]
        indexes = [
            models.Index(fields=["school", "occurs_on"], name="drill_school_date_idx"),
            models.Index(fields=["status", "scheduled_for"], name="drill_status_sched_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(conducted_start__isnull=False, conducted_end__isnull=False),
                name="drill_completed_has_times",
            ),
            models.CheckConstraint(
                condition=Q(conducted_end__isnull=True)
                | Q(conducted_start__isnull=True)
                | Q(conducted_end__gt=F("conducted_start")),
                name="drill_end_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="drill_cancel_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} — {self.school} — {self.occurs_on:%Y-%m-%d}"

    @property
    def has_problems(self) -> bool:
        return bool(self.problems_found.strip()) or self.outcome == self.Outcome.FOLLOW_UP


class FollowUpActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_on__isnull=True)


class FollowUpAction(models.Model):
    drill = models.ForeignKey(Drill, on_delete=models.PROTECT, related_name="followups", verbose_name=_("drill"))
    description = models.CharField(_("what needs doing"), max_length=500)
    owner = models.CharField(
        _("owner"), max_length=150, help_text=_("A name or a role at the school, e.g. Head custodian.")
    )
    due_on = models.DateField(_("due on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["resolved_on", "due_on", "pk"]
        indexes = [models.Index(fields=["due_on"], condition=Q(resolved_on__isnull=True), name="followup_open_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | ~Q(resolution=""), name="followup_resolved_needs_resolution"
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
