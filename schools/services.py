"""Write-side rules for schools, boards, officer assignments and calls for service.

Every function validates, then saves inside one transaction, and raises `django.core.exceptions.ValidationError`
with a message a user can act on (views show it next to the form). Nothing is ever hard-deleted: a school is
closed, a call is voided with a reason, an assignment is ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from csu.locking import lock_version

from .models import Assignment, Board, CallForService, School

SCHOOL_FIELDS = (
    "name_en",
    "name_fr",
    "board",
    "category",
    "scope_override",
    "opened_on",
    "external_id",
    "street_number",
    "street",
    "city",
    "postal_code",
    "phone",
    "contact_name",
    "contact_email",
    "latitude",
    "longitude",
    "notes",
)
BOARD_FIELDS = ("code", "name_en", "name_fr", "language", "kind")
CALL_FIELDS = (
    "school",
    "occurred_at",
    "category",
    "responding_officer",
    "occurrence_number",
    "summary",
    "outcome",
    "youth_related",
)


def _set_fields(obj, fields: dict, allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def _full_clean(obj, exclude=None) -> None:
    obj.full_clean(exclude=exclude)


# --- Boards ---------------------------------------------------------------------------------------------


@transaction.atomic
def board_create(*, by: User | None, **fields) -> Board:
    board = Board()
    _set_fields(board, fields, BOARD_FIELDS)
    _full_clean(board)
    board._history_user = by
    board.save()
    return board


@transaction.atomic
def board_update(*, board: Board, by: User | None, **fields) -> Board:
    board = Board.objects.select_for_update().get(pk=board.pk)
    _set_fields(board, fields, BOARD_FIELDS)
    _full_clean(board)
    board._history_user = by
    board.save()
    return board


# --- Schools --------------------------------------------------------------------------------------------


@transaction.atomic
def school_create(*, by: User | None, **fields) -> School:
    school = School()
    _set_fields(school, fields, SCHOOL_FIELDS)
    if school.external_id == "":
        school.external_id = None
    _full_clean(school)
    school._history_user = by
    school.save()
    return school


@transaction.atomic
def school_update(*, school: School, expected_version: int, by: User | None, **fields) -> School:
    """Update a school; `expected_version` is the version the editor loaded (stale → ValidationError)."""
    school = lock_version(School, school.pk, expected_version)
    _set_fields(school, fields, SCHOOL_FIELDS)
    if school.external_id == "":
        school.external_id = None
    _full_clean(school)
    school.version += 1
    school._history_user = by
    school.save()
    return school


@transaction.atomic
def school_close(*, school: School, closed_on: dt.date, by: User | None, expected_version: int | None = None) -> School:
    """Deactivate a school from `closed_on`; its open assignment ends that day. Its history stays."""
    school = lock_version(School, school.pk, expected_version)
    if not school.active:
        raise ValidationError(_("This school is already closed."), code="closed")
    current = Assignment.objects.select_for_update().filter(school=school, end__isnull=True).first()
    if current is not None:
        if closed_on < current.start:
            raise ValidationError(
                {
                    "closed_on": _("The closing date cannot be before the current assignment started (%(start)s).")
                    % {"start": current.start.isoformat()}
                }
            )
        current.end = closed_on
        current._history_user = by
        current.save()
    school.active = False
    school.closed_on = closed_on
    school.version += 1
    school._history_user = by
    school.save()
    return school


# --- Assignments ----------------------------------------------------------------------------------------


def _check_officer(officer: User) -> None:
    if officer.role != Role.OFFICER or not officer.is_active:
        raise ValidationError({"officer": _("%(name)s is not an active officer.") % {"name": officer}})


def _transfer(*, school: School, officer: User, start: dt.date, by: User | None, note: str = "") -> Assignment | None:
    """The transfer itself, inside the caller's transaction. Returns None when nothing changes."""
    school = School.objects.select_for_update().get(pk=school.pk)
    if not school.active:
        raise ValidationError(_("%(school)s is closed: it cannot be assigned.") % {"school": school.name})
    current = Assignment.objects.select_for_update().filter(school=school, end__isnull=True).first()
    if current is not None:
        if current.officer_id == officer.pk:
            return None
        if start <= current.start:
            raise ValidationError(
                {
                    "start": _(
                        "%(school)s: the new assignment must start after the current one (%(officer)s since %(start)s)."
                    )
                    % {"school": school.name, "officer": current.officer, "start": current.start.isoformat()}
                }
            )
        current.end = start - dt.timedelta(days=1)
        current._history_user = by
        current.save()
    elif Assignment.objects.filter(school=school, end__gte=start).exists():
        raise ValidationError(
            {"start": _("%(school)s: the new assignment would overlap a past one.") % {"school": school.name}}
        )
    assignment = Assignment(school=school, officer=officer, start=start, note=note, created_by=by)
    assignment._history_user = by
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        # Another transfer committed between our read and our insert (the partial unique index refused it).
        raise ValidationError(
            _("%(school)s already has an officer assigned; reload the page and try again.") % {"school": school.name},
            code="open_assignment_exists",
        ) from None
    return assignment


@transaction.atomic
def assignment_transfer(
    *, school: School, officer: User, start: dt.date, by: User | None, note: str = ""
) -> Assignment | None:
    """Assign `officer` to `school` from `start`: the open assignment ends the day before, in one transaction.

    Returns the new assignment, or None when `officer` already holds the school (nothing to do).
    """
    _check_officer(officer)
    return _transfer(school=school, officer=officer, start=start, by=by, note=note)


@transaction.atomic
def assignments_bulk_reassign(*, schools: Iterable[School], officer: User, start: dt.date, by: User | None) -> int:
    """Transfer every school to `officer` from `start`, all or nothing; returns how many changed hands.

    Schools the officer already holds are left as they are. Any refused school rolls the whole batch back.
    """
    _check_officer(officer)
    changed = 0
    # A stable order keeps concurrent bulk reassignments from deadlocking on each other's row locks.
    for school in sorted(schools, key=lambda s: s.pk):
        changed += _transfer(school=school, officer=officer, start=start, by=by) is not None
    return changed


# --- Calls for service ----------------------------------------------------------------------------------


def _default_officer(school: School, by: User | None) -> User:
    """The person typing when they are an officer (they responded); else the school's assigned officer."""
    if by is not None and by.role == Role.OFFICER and by.is_active:
        return by
    current = Assignment.objects.filter(school=school, end__isnull=True).select_related("officer").first()
    if current is not None:
        return current.officer
    raise ValidationError(
        {"responding_officer": _("This school has no assigned officer: choose the responding officer.")}
    )


def occurrence_clash(number: str, *, exclude_pk: int | None = None) -> CallForService | None:
    """The active call that already holds this occurrence number, if any."""
    number = (number or "").strip()
    if not number:
        return None
    calls = CallForService.objects.filter(occurrence_number=number, status=CallForService.Status.ACTIVE)
    if exclude_pk is not None:
        calls = calls.exclude(pk=exclude_pk)
    return calls.select_related("school").first()


def occurrence_clash_message(call: CallForService) -> str:
    return _("Occurrence number %(number)s is already recorded: the call at %(school)s on %(date)s.") % {
        "number": call.occurrence_number,
        "school": call.school,
        "date": formats.date_format(timezone.localtime(call.occurred_at), "SHORT_DATE_FORMAT"),
    }


def _check_occurrence(call: CallForService) -> None:
    clash = occurrence_clash(call.occurrence_number, exclude_pk=call.pk)
    if clash is not None:
        raise ValidationError({"occurrence_number": occurrence_clash_message(clash)}, code="duplicate")


def _save_call(call: CallForService) -> None:
    try:
        with transaction.atomic():
            call.save()
    except IntegrityError:
        # Another officer saved the same number between our check and our insert (the unique index refused it).
        clash = occurrence_clash(call.occurrence_number, exclude_pk=call.pk)
        if clash is None:
            raise
        raise ValidationError({"occurrence_number": occurrence_clash_message(clash)}, code="duplicate") from None


@transaction.atomic
def call_create(*, by: User | None, responding_officer: User | None = None, **fields) -> CallForService:
    """Record a call; the responding officer defaults to the officer recording it (else the school's officer)."""
    call = CallForService(created_by=by)
    _set_fields(call, fields, CALL_FIELDS)
    call.occurrence_number = (call.occurrence_number or "").strip()
    if responding_officer is None:
        responding_officer = _default_officer(call.school, by)
    call.responding_officer = responding_officer
    _check_occurrence(call)
    _full_clean(call)
    call._history_user = by
    _save_call(call)
    return call


@transaction.atomic
def call_update(*, call: CallForService, expected_version: int, by: User | None, **fields) -> CallForService:
    call = lock_version(CallForService, call.pk, expected_version)
    if call.status == CallForService.Status.VOIDED:
        raise ValidationError(_("A voided call cannot be changed."), code="voided")
    if fields.get("responding_officer", call.responding_officer) is None:
        fields["responding_officer"] = _default_officer(fields.get("school", call.school), by)
    _set_fields(call, fields, CALL_FIELDS)
    call.occurrence_number = (call.occurrence_number or "").strip()
    _check_occurrence(call)
    _full_clean(call)
    call.version += 1
    call._history_user = by
    _save_call(call)
    return call


@transaction.atomic
def call_void(
    *, call: CallForService, reason: str, by: User | None, expected_version: int | None = None
) -> CallForService:
    """Void a call entered in error. The row stays (with its history); a reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason this call is voided.")})
    call = lock_version(CallForService, call.pk, expected_version)
    if call.status == CallForService.Status.VOIDED:
        raise ValidationError(_("This call is already voided."), code="voided")
    call.status = CallForService.Status.VOIDED
    call.void_reason = reason[:300]
    call.version += 1
    call._history_user = by
    call.save()
    return call
