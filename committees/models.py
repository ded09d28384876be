import datetime as dt
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from csu.choices import CswbArea, Pillar


class Partner(models.Model):
    class Type(models.TextChoices):
        SCHOOL_BOARD = "school_board", _("School board")
        HEALTH = "health", _("Health")
        SOCIAL_SERVICES = "social_services", _("Social services")
        MUNICIPAL = "municipal", _("Municipal")
        COMMUNITY_GROUP = "community_group", _("Community group")
        OTHER_POLICE = "other_police", _("Other police service")
        PRIVATE = "private", _("Private")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committees:partner_detail", args=[self.pk])


class CommitteeQuerySet(models.QuerySet):
    def active_on(self, day: dt.date):
        return self.filter(Q(active_from__lte=day), Q(active_to__isnull=True) | Q(active_to__gte=day))


class Committee(models.Model):
    class Cadence(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        BIWEEKLY = "biweekly", _("Every two weeks")
        MONTHLY = "monthly", _("Monthly")
        BIMONTHLY = "bimonthly", _("Every two months")
        QUARTERLY = "quarterly", _("Quarterly")
        AS_NEEDED = "as_needed", _("As needed")

    name = models.CharField(_("name"), max_length=200, unique=True)
    purpose = models.TextField(_("purpose"), blank=True)
    partners = models.ManyToManyField(Partner, blank=True, related_name="committees", verbose_name=_("partners"))
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices, blank=True)
    cswb_area = models.CharField(_("CSWB area"), max_length=30, choices=CswbArea.choices, blank=True)
    meeting_cadence = models.CharField(_("meeting cadence"), max_length=20, choices=Cadence.choices, blank=True)
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active to"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[partners])
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="committee_active_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("committees:committee_detail", args=[self.pk])

    def is_active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


class RepresentationQuerySet(models.QuerySet):
    def on(self, day: dt.date):
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Representation(models.Model):
    """A staff member representing the service on a committee for a period (end empty = still)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CHAIR = "chair", _("Chair")
        LIAISON = "liaison", _("Liaison")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="representations", verbose_name=_("committee")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_representations",
        verbose_name=_("staff member"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["committee__name", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="representation_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.committee} ({self.get_role_display()})"


class Meeting(models.Model):
    class Status(models.TextChoices):
        # A context of their own: in French a meeting (réunion) is feminine, a drill or an event masculine.
        SCHEDULED = "scheduled", pgettext_lazy("meeting status", "Scheduled")
        HELD = "held", pgettext_lazy("meeting status", "Held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="committee_meetings", verbose_name=_("attendees")
    )
    # Committees report which partner organisations took part, not only the service's own staff.
    partners_present = models.ManyToManyField(
        Partner, blank=True, related_name="meetings_attended", verbose_name=_("partner organisations present")
    )
    notes = models.TextField(_("notes and minutes"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(m2m_fields=[attendees, partners_present])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["starts_at"], name="meeting_starts_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="meeting_cancel_has_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {formats.date_format(timezone.localtime(self.starts_at), 'SHORT_DATETIME_FORMAT')}"

    def get_absolute_url(self) -> str:
        return reverse("committees:meeting_detail", args=[self.pk])


ATTACHMENT_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "doc", "xls", "png", "jpg", "jpeg")


def attachment_path(instance: "MeetingAttachment", filename: str) -> str:
    # A random name on disk: the user's file name is kept in `original_name` and never used as a path.
    extension = PurePath(filename).suffix.lower()
    return f"committees/meetings/{instance.meeting_id}/{uuid.uuid4().hex}{extension}"


class MeetingAttachment(models.Model):
    class Kind(models.TextChoices):
        AGENDA = "agenda", _("Agenda")
        MINUTES = "minutes", _("Minutes")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("meeting")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting attachment")
        verbose_name_plural = _("meeting attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def overdue(self, today: dt.date):
        return self.open().filter(due_on__lt=today)


class ActionItem(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("committee")
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("meeting"),
    )
    description = models.TextField(_("description"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_action_items",
        verbose_name=_("owner (staff)"),
    )
    owner_text = models.CharField(
        _("owner (other)"), max_length=200, blank=True, help_text=_("A partner's name when no staff member owns it.")
    )
    # The item's own dates, editable: an item typed in weeks after the meeting that raised it was opened then.
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords()
    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["closed_on", "due_on", "pk"]
        indexes = [models.Index(fields=["due_on"], condition=Q(closed_on__isnull=True), name="actionitem_open_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="actionitem_closed_after_opened",
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def owner_label(self) -> str:
        return str(self.owner) if self.owner_id else self.owner_text
