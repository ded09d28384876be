from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

phone_validator = RegexValidator(
    r"^\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(\s*(x|ext\.?)\s*\d{1,6})?$",
    _("Enter a phone number such as 613-555-0123 (an extension may follow: x123)."),
)


def localized(obj, field: str) -> str:
    """The French value of `field` when the interface is French and the record has one, else English."""
    if (get_language() or "").startswith("fr"):
        value = getattr(obj, f"{field}_fr", "")
        if value:
            return value
    return getattr(obj, f"{field}_en")


class SchoolYear:
    """A school year named by the calendar year it starts in: 2025 is 2025-09-01 to 2026-08-31.

    The start month/day is a setting (SCHOOL_YEAR_START); the drills app may override dates per year.
    """

    @staticmethod
    def containing(day) -> int:
        month, dom = settings.SCHOOL_YEAR_START
        return day.year if (day.month, day.day) >= (month, dom) else day.year - 1

    @staticmethod
    def current() -> int:
        return SchoolYear.containing(timezone.localdate())

    @staticmethod
    def bounds(year: int):
        import datetime as dt

        month, dom = settings.SCHOOL_YEAR_START
        start = dt.date(year, month, dom)
        end = dt.date(year + 1, month, dom) - dt.timedelta(days=1)
        return start, end

    @staticmethod
    def label(year: int) -> str:
        return f"{year}–{year + 1}"


class Board(models.Model):
    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")

    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public")
        CATHOLIC = "catholic", _("Catholic")
        PRIVATE = "private", _("Private")

    code = models.CharField(_("short code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    in_scope = models.BooleanField(
        _("served by the unit"),
        default=True,
        help_text=_("Schools of this board count in the figures, unless a school says otherwise."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board")
        verbose_name_plural = _("boards")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return localized(self, "name")


class SchoolQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def with_current_officer(self):
        """Annotate `current_officer_id` (the open assignment's officer) in the same query."""
        # No ORDER BY: at most one open assignment per school (a constraint), and the default ordering ("school", i.e.
        # the school's name) would join the schools table again inside every row's subquery.
        open_assignment = Assignment.objects.filter(school=models.OuterRef("pk"), end__isnull=True).order_by()
        return self.annotate(current_officer_id=models.Subquery(open_assignment.values("officer_id")[:1]))

    def with_current_assignment(self):
        """Annotate the open assignment's officer id, officer name and start date, in the same query.

        `current_officer_name` is the display name, else the user name (what `str(user)` mostly shows).
        """
        from django.db.models.functions import Coalesce, NullIf

        # No ORDER BY: at most one open assignment per school (a constraint), and the default ordering ("school", i.e.
        # the school's name) would join the schools table again inside every row's subquery.
        open_assignment = Assignment.objects.filter(school=models.OuterRef("pk"), end__isnull=True).order_by()
        name = Coalesce(NullIf("officer__display_name", models.Value("")), "officer__username")
        return self.with_current_officer().annotate(
            current_officer_name=models.Subquery(open_assignment.annotate(n=name).values("n")[:1]),
            current_since=models.Subquery(open_assignment.values("start")[:1]),
        )

    def assigned_to(self, officer):
        return self.filter(assignments__officer=officer, assignments__end__isnull=True)


class School(models.Model):
    class Category(models.TextChoices):
        ELEMENTARY = "elementary", _("Elementary")
        SECONDARY = "secondary", _("Secondary")
        ELEMENTARY_SECONDARY = "elementary_secondary", _("Elementary/Secondary")
        INTERMEDIATE = "intermediate", _("Intermediate")
        SPECIAL_EDUCATION = "special_education", _("Special Education")
        ALTERNATE = "alternate", _("Alternate Program")
        ADULT = "adult", _("Adult")
        OTHER = "other", _("Other")

    external_id = models.CharField(_("external id"), max_length=64, unique=True, null=True, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="schools", verbose_name=_("board"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    street_number = models.CharField(_("street number"), max_length=20, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    contact_name = models.CharField(_("principal or contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Scope(models.TextChoices):
        RULE = "", _("As its board and category say")
        INCLUDE = "include", _("Served by the unit (exception)")
        EXCLUDE = "exclude", _("Not served by the unit (exception)")

    active = models.BooleanField(_("active"), default=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True, help_text=_("Leave empty if long open."))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    scope_override = models.CharField(
        _("served by the unit"), max_length=10, choices=Scope.choices, default=Scope.RULE, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    # Optimistic locking: coordinator and supervisor may edit the same school at the same time.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name_en"]
        indexes = [models.Index(fields=["active", "name_en"], name="school_active_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="school_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="school_longitude_range",
            ),
            models.CheckConstraint(
                condition=Q(opened_on__isnull=True)
                | Q(closed_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="school_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def address(self) -> str:
        return " ".join(p for p in (self.street_number, self.street) if p)


class CategoryScope(models.Model):
    """Whether the unit serves the schools of one category (a category without a row is served)."""

    category = models.CharField(_("category"), max_length=30, choices=School.Category.choices, unique=True)
    in_scope = models.BooleanField(_("served by the unit"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("category served")
        verbose_name_plural = _("categories served")
        ordering = ["category"]

    def __str__(self) -> str:
        return self.get_category_display()


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(end__isnull=True)

    def on(self, day):
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))


class Assignment(models.Model):
    """An officer responsible for a school from `start` until `end` (inclusive) or open-ended."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("school"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("officer"),
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["school", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(end__isnull=True), name="one_open_assignment_per_school"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="assignment_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["officer", "end"], name="assignment_officer_end_idx")]

    def __str__(self) -> str:
        return f"{self.school} — {self.officer}"


class CallOutcome(models.Model):
    """How a call for service ended, from an editable list (the YCJA's extrajudicial measures, a charge...).

    Counts only: the outcome is a category on the call, never who received it. `counts_as_charge` says which
    outcomes the report counts as "ended with a charge" when it measures calls resolved without one.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_fr = models.CharField(_("name (French)"), max_length=120, blank=True)
    counts_as_charge = models.BooleanField(_("counts as a charge"), default=False)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("call outcome")
        verbose_name_plural = _("call outcomes")
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


class CallForService(models.Model):
    """A call for service at a school. Never names students: the summary is short and non-identifying."""

    class Category(models.TextChoices):
        THREAT = "threat", _("Threat")
        ASSAULT = "assault", _("Assault")
        DRUGS = "drugs", _("Drugs")
        THEFT = "theft", _("Theft")
        TRESPASS = "trespass", _("Trespass")
        TRAFFIC = "traffic", _("Traffic")
        WELLNESS = "wellness", _("Wellness check")
        THREAT_ASSESSMENT = "threat_assessment", _("Threat assessment")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        VOIDED = "voided", _("Voided")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="calls", verbose_name=_("school"))
    occurred_at = models.DateTimeField(_("date and time"))
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    responding_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="calls",
        verbose_name=_("responding officer"),
    )
    occurrence_number = models.CharField(_("occurrence number"), max_length=40)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    # Calls recorded before outcomes existed have none (null): the report counts only calls with an outcome.
    outcome = models.ForeignKey(
        CallOutcome, on_delete=models.PROTECT, related_name="calls", verbose_name=_("outcome"), null=True, blank=True
    )
    youth_related = models.BooleanField(
        _("youth involved"),
        null=True,
        blank=True,
        help_text=_("Whether a young person (12 to 17) was involved: the report measures how youth calls end."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    void_reason = models.CharField(_("reason voided"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    history_on_behalf_of = "responding_officer"  # csu.history: "recorded by X for Y"

    class Meta:
        verbose_name = _("call for service")
        verbose_name_plural = _("calls for service")
        ordering = ["-occurred_at"]
        indexes = [
            models.Index(fields=["-occurred_at"], name="call_occurred_idx"),
            models.Index(fields=["school", "-occurred_at"], name="call_school_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(status="voided") | ~Q(void_reason=""), name="call_void_needs_reason"),
            # A voided call (entered in error) gives its number back; an empty number is not a number.
            models.UniqueConstraint(
                fields=["occurrence_number"],
                condition=Q(status="active") & ~Q(occurrence_number=""),
                name="call_occurrence_number_unique",
                violation_error_message=_("This occurrence number is already recorded for another call."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurrence_number} — {self.school}"
