"""Write-side rules for partners, committees, representation, meetings, attachments and action items."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from csu.services import PendingReminder, reminders_queue_many

from .models import (
    ATTACHMENT_EXTENSIONS,
    ActionItem,
    Committee,
    Meeting,
    MeetingAttachment,
    Partner,
    Representation,
)

STALE_MESSAGE = _("This record was changed by someone else while you were editing it. Reload the page and try again.")


class StaleVersion(ValidationError):
    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


def save_versioned(instance: models.Model, *, expected_version: int | None) -> None:
    """Save `instance`, refusing when the row's version is no longer the one the form was built from.

    The conditional UPDATE is the claim: two concurrent saves of the same version cannot both succeed.
    """
    if instance.pk is None:
        instance.version = 1
        instance.save()
        return
    if expected_version is None:
        expected_version = instance.version
    claimed = (
        type(instance).objects.filter(pk=instance.pk, version=expected_version).update(version=models.F("version") + 1)
    )
    if claimed != 1:
        raise StaleVersion()
    instance.version = expected_version + 1
    instance.save()


# --- Partners and committees --------------------------------------------------------------------------


@transaction.atomic
def partner_save(*, partner: Partner, expected_version: int | None = None) -> Partner:
    partner.full_clean()
    save_versioned(partner, expected_version=expected_version)
    return partner


@transaction.atomic
def committee_save(
    *, committee: Committee, partners: list[Partner] | None = None, expected_version: int | None = None
) -> Committee:
    committee.full_clean()
    save_versioned(committee, expected_version=expected_version)
    if partners is not None:
        committee.partners.set(partners)
    return committee


@transaction.atomic
def representation_save(*, representation: Representation) -> Representation:
    representation.full_clean()
    overlapping = Representation.objects.filter(
        committee=representation.committee_id, staff=representation.staff_id
    ).exclude(pk=representation.pk)
    end = representation.end or dt.date.max
    overlapping = overlapping.filter(start__lte=end).filter(
        models.Q(end__isnull=True) | models.Q(end__gte=representation.start)
    )
    if overlapping.exists():
        raise ValidationError({"start": _("This staff member already represents the service on it in that period.")})
    representation.save()
    return representation


# --- Meetings -------------------------------------------------------------------------------------------


def _check_meeting(meeting: Meeting) -> None:
    day = timezone.localtime(meeting.starts_at).date()
    committee = Committee.objects.get(pk=meeting.committee_id)
    if not committee.is_active_on(day):
        raise ValidationError(
            {
                "starts_at": _(
                    "%(committee)s is not active on %(day)s (active %(start)s to %(end)s): no meeting can be held."
                )
                % {
                    "committee": committee,
                    "day": day.isoformat(),
                    "start": committee.active_from.isoformat(),
                    "end": committee.active_to.isoformat() if committee.active_to else gettext("now"),
                }
            }
        )
    if meeting.status == Meeting.Status.CANCELLED and not meeting.cancel_reason.strip():
        raise ValidationError({"cancel_reason": _("Give the reason the meeting was cancelled.")})


@transaction.atomic
def meeting_save(
    *,
    meeting: Meeting,
    attendees: list[User] | None = None,
    partners_present: list[Partner] | None = None,
    expected_version: int | None = None,
) -> Meeting:
    meeting.full_clean()
    _check_meeting(meeting)
    if meeting.status != Meeting.Status.CANCELLED:
        meeting.cancel_reason = ""
    save_versioned(meeting, expected_version=expected_version)
    if attendees is not None:
        meeting.attendees.set(attendees)
    if partners_present is not None:
        meeting.partners_present.set(partners_present)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, expected_version: int | None = None) -> Meeting:
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("A meeting that was held cannot be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason the meeting was cancelled.")})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason.strip()
    save_versioned(meeting, expected_version=expected_version)
    return meeting


# --- Attachments ----------------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = getattr(settings, "MEETING_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_OOXML_FOLDER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


def sniff_matches(extension: str, uploaded) -> bool:
    """True when the file's first bytes (and for Office Open XML, its zip entries) fit its extension."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension in ("doc", "xls"):
        return head.startswith(_OLE2)
    if extension in _OOXML_FOLDER:
        if not head.startswith(_ZIP):
            return False
        try:
            data = uploaded.read()
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            uploaded.seek(0)
        folder = _OOXML_FOLDER[extension]
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    return False


def attachment_check(uploaded) -> str:
    """Validate an uploaded file; returns its normalised extension or raises ValidationError on `file`."""
    extension = PurePath(uploaded.name or "").suffix.lower().lstrip(".")
    if extension not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Only PDF, Word, Excel, PowerPoint and PNG/JPEG images can be attached."), code="type"
                )
            }
        )
    if uploaded.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file is %(size)s MB; at most %(max)s MB is allowed.")
                    % {"size": round(uploaded.size / 1024 / 1024, 1), "max": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                    code="size",
                )
            }
        )
    if uploaded.size == 0 or not sniff_matches(extension, uploaded):
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file's content is not a .%(ext)s file.") % {"ext": extension}, code="content"
                )
            }
        )
    return extension


@transaction.atomic
def attachment_add(*, meeting: Meeting, uploaded, kind: str, by: User) -> MeetingAttachment:
    extension = attachment_check(uploaded)
    attachment = MeetingAttachment(
        meeting=meeting,
        original_name=PurePath(uploaded.name).name[:255],
        content_type=CONTENT_TYPES[extension],
        size=uploaded.size,
        kind=kind,
        uploaded_by=by,
    )
    attachment.file.save(uploaded.name, uploaded, save=False)
    try:
        attachment.full_clean(exclude=["file"])
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


# --- Action items ---------------------------------------------------------------------------------------


@transaction.atomic
def action_item_save(*, item: ActionItem, expected_version: int | None = None) -> ActionItem:
    item.full_clean()
    if item.meeting_id and Meeting.objects.filter(pk=item.meeting_id).values_list(
        "committee_id", flat=True
    ).first() != (item.committee_id):
        raise ValidationError({"meeting": _("The meeting belongs to another committee.")})
    if item.closed_on and item.closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("An action item cannot be closed in the future.")})
    if item.opened_on and item.opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("An action item cannot be opened in the future.")})
    if item.closed_on and item.opened_on and item.closed_on < item.opened_on:
        raise ValidationError({"closed_on": _("An action item cannot be closed before it was opened.")})
    save_versioned(item, expected_version=expected_version)
    return item


@transaction.atomic
def action_item_close(
    *, item: ActionItem, on: dt.date | None = None, expected_version: int | None = None
) -> ActionItem:
    item.closed_on = on or timezone.localdate()
    return action_item_save(item=item, expected_version=expected_version)


@transaction.atomic
def action_item_reopen(*, item: ActionItem, expected_version: int | None = None) -> ActionItem:
    item.closed_on = None
    return action_item_save(item=item, expected_version=expected_version)


# --- Reminders ------------------------------------------------------------------------------------------

MEETING_REMINDER_HOURS = getattr(settings, "COMMITTEE_MEETING_REMINDER_HOURS", 48)
ACTION_ITEM_DUE_SOON_DAYS = getattr(settings, "COMMITTEE_ACTION_DUE_SOON_DAYS", 3)


def _coordinators() -> list[User]:
    return list(User.objects.filter(role=Role.COORDINATOR, is_active=True))


def reminders_sweep(now: dt.datetime | None = None) -> int:
    """Queue reminders for meetings starting soon and action items due soon or overdue; returns how many.

    Keys carry the meeting's start time / the item's due date, so moving a meeting or a deadline reminds
    again, while running the sweep twice never does. A fixed number of queries whatever the number of meetings,
    items and reminders (the outbox insert is batched).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    pending: list[PendingReminder] = []
    meetings = list(
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + dt.timedelta(hours=MEETING_REMINDER_HOURS),
        )
        .select_related("committee")
        .prefetch_related("attendees")
    )
    # Representatives of those committees, filtered by each meeting's day below (one query for all meetings).
    representations = list(
        Representation.objects.filter(committee__in={m.committee_id for m in meetings}).select_related("staff")
    )
    for meeting in meetings:
        recipients = {u.pk: u for u in meeting.attendees.all()}
        day = timezone.localtime(meeting.starts_at).date()
        for rep in representations:
            if rep.committee_id == meeting.committee_id and rep.start <= day and (rep.end is None or rep.end >= day):
                recipients.setdefault(rep.staff_id, rep.staff)
        when = timezone.localtime(meeting.starts_at)
        for user in recipients.values():
            pending.append(
                PendingReminder(
                    key=f"committees:meeting:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}:{user.pk}",
                    kind="committee_meeting_soon",
                    recipient=user,
                    subject=lambda m=meeting, w=when: (
                        gettext("Meeting soon: %(committee)s on %(when)s")
                        % {"committee": m.committee, "when": f"{w:%Y-%m-%d %H:%M}"}
                    ),
                    body=lambda m=meeting, w=when: (
                        gettext("The %(committee)s meets on %(when)s at %(location)s.")
                        % {"committee": m.committee, "when": f"{w:%Y-%m-%d %H:%M}", "location": m.location or "—"}
                    ),
                )
            )

    items = ActionItem.objects.open().filter(
        due_on__isnull=False, due_on__lte=today + dt.timedelta(days=ACTION_ITEM_DUE_SOON_DAYS)
    )
    coordinators = None
    for item in items.select_related("committee", "owner"):
        overdue = item.due_on < today
        if item.owner_id:
            recipients = [item.owner]
        else:
            coordinators = coordinators if coordinators is not None else _coordinators()
            recipients = coordinators
        state = "overdue" if overdue else "due"
        if overdue:
            subject = lambda i=item: gettext("Overdue action item: %(committee)s") % {"committee": i.committee}  # noqa: E731
        else:
            subject = lambda i=item: gettext("Action item due soon: %(committee)s") % {"committee": i.committee}  # noqa: E731
        for user in recipients:
            pending.append(
                PendingReminder(
                    key=f"committees:action:{item.pk}:{state}:{item.due_on:%Y%m%d}:{user.pk}",
                    kind=f"committee_action_{state}",
                    recipient=user,
                    subject=subject,
                    body=lambda i=item: (
                        gettext("%(description)s\nDue on %(due)s.")
                        % {"description": i.description, "due": i.due_on.isoformat()}
                    ),
                )
            )
    return reminders_queue_many(pending, now=now)
