"""Write-side rules for partners, committees, representation, meetings, attachments and action items."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from csu.locking import save_versioned
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


# An Office file is a zip: refused when its entries would expand past this (a "zip bomb"), or when they expand
# more than this many times their compressed size (real documents stay far below both).
MAX_EXPANDED_BYTES = getattr(settings, "ATTACHMENT_MAX_EXPANDED_BYTES", 100 * 1024 * 1024)
MAX_COMPRESSION_RATIO = 100


def _pdf_parses(uploaded) -> bool:
    """A real parse (pypdf, strict): the cross-reference table or stream and the trailer must be there and point
    at objects, and the page tree must be readable. `%PDF-` followed by anything else fails here."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(uploaded, strict=True)
        return len(reader.pages) >= 0 and reader.trailer.get("/Root") is not None
    except (PyPdfError, ValueError, TypeError, KeyError, AttributeError, OSError, RecursionError):
        return False


def _image_parses(uploaded, kind: str) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(uploaded) as image:
            image.verify()
            return image.format == kind
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False


def _zip_entries(uploaded) -> list[zipfile.ZipInfo] | None:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded.seek(0)


def expands_too_much(uploaded) -> bool:
    """True for a zip whose entries (the sizes its central directory declares: what opening it writes) add up to
    more than MAX_EXPANDED_BYTES, or more than MAX_COMPRESSION_RATIO times their compressed size."""
    entries = _zip_entries(uploaded) or []
    expanded = sum(e.file_size for e in entries)
    compressed = sum(e.compress_size for e in entries)
    return expanded > MAX_EXPANDED_BYTES or expanded > MAX_COMPRESSION_RATIO * max(compressed, 1)


def _ooxml_fits(uploaded, folder: str) -> bool:
    entries = _zip_entries(uploaded)
    if entries is None or expands_too_much(uploaded):
        return False
    names = [e.filename for e in entries]
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def sniff_matches(extension: str, uploaded) -> bool:
    """True when the file really is what its extension says: PDFs and images are parsed, Office Open XML files
    are opened as zips (with a limit on what they expand to), legacy Office files have the OLE2 signature."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    try:
        if extension == "pdf":
            return head.startswith(b"%PDF-") and _pdf_parses(uploaded)
        if extension == "png":
            return head.startswith(b"\x89PNG\r\n\x1a\n") and _image_parses(uploaded, "PNG")
        if extension in ("jpg", "jpeg"):
            return head.startswith(b"\xff\xd8\xff") and _image_parses(uploaded, "JPEG")
        if extension in ("doc", "xls"):
            return head.startswith(_OLE2)
        if extension in _OOXML_FOLDER:
            return head.startswith(_ZIP) and _ooxml_fits(uploaded, _OOXML_FOLDER[extension])
        return False
    finally:
        uploaded.seek(0)


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
    if extension in _OOXML_FOLDER and expands_too_much(uploaded):
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file would expand to more than %(max)s MB when opened: it is refused.")
                    % {"max": MAX_EXPANDED_BYTES // (1024 * 1024)},
                    code="expanded_size",
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
