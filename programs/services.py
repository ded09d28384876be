"""Write-side rules of the programs app. Views and commands call these; they validate and save atomically.

Every function raises `django.core.exceptions.ValidationError` (with field keys where a field is at fault)
for input it refuses, so forms can show the message next to the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import SchoolYear

from .models import (
    AUDIENCE_MAX,
    ClassSeries,
    PatrolYear,
    Placement,
    PresentationRequest,
    Program,
    ProgramRevision,
    Session,
    default_retain_until,
)


def _stale_error() -> ValidationError:
    return ValidationError(
        _(
            "This record was changed by someone else while you were editing it. "
            "Reload the page and apply your change again."
        )
    )


def _lock(model, pk: int, version: int | None):
    obj = model.objects.select_for_update().get(pk=pk)
    if version is not None and obj.version != version:
        raise _stale_error()
    return obj


def _apply(obj, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


def _full_clean(obj, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)


# --- Catalogue ------------------------------------------------------------------------------------------

PROGRAM_FIELDS = (
    "code",
    "name_en",
    "name_fr",
    "description",
    "target_grades",
    "sessions_min",
    "sessions_max",
    "typical_minutes",
    "pillar",
    "cswb_area",
    "kind",
    "available_from",
    "active",
)


def program_validate(program: Program) -> None:
    if program.sessions_min and program.sessions_max and program.sessions_max < program.sessions_min:
        raise ValidationError({"sessions_max": _("The maximum cannot be lower than the minimum.")})
    if program.pk:
        earliest = (
            Session.objects.active().filter(program=program).order_by("starts_at").values_list("starts_at", flat=True)
        ).first()
        if earliest and timezone.localdate(earliest) < program.available_from:
            raise ValidationError(
                {
                    "available_from": _("A session of this program was delivered on %(day)s, before this date.")
                    % {"day": timezone.localdate(earliest).isoformat()}
                }
            )


@transaction.atomic
def program_create(*, data: dict[str, Any]) -> Program:
    program = Program()
    _apply(program, data, PROGRAM_FIELDS)
    program_validate(program)
    _full_clean(program)
    program.save()
    return program


@transaction.atomic
def program_update(*, program: Program, data: dict[str, Any], version: int | None) -> Program:
    program = _lock(Program, program.pk, version)
    _apply(program, data, PROGRAM_FIELDS)
    program_validate(program)
    _full_clean(program)
    program.version += 1
    program.save()
    return program


@transaction.atomic
def program_revision_add(*, program: Program, revised_on: dt.date, summary: str, by) -> ProgramRevision:
    if not summary.strip():
        raise ValidationError({"summary": _("Say what changed in this revision.")})
    revision = ProgramRevision(program=program, revised_on=revised_on, summary=summary.strip(), created_by=by)
    _full_clean(revision, exclude=["created_by"])
    revision.save()
    return revision


# --- Class series ---------------------------------------------------------------------------------------

SERIES_FIELDS = ("program", "school", "school_year", "class_label", "grade", "officer")


def class_series_validate(series: ClassSeries) -> None:
    if series.program_id and series.program.sessions_max < 2:
        raise ValidationError({"program": _("This program has a single session per class: log the session only.")})


@transaction.atomic
def class_series_create(*, data: dict[str, Any], by) -> ClassSeries:
    series = ClassSeries(created_by=by)
    _apply(series, data, SERIES_FIELDS)
    if series.officer_id is None:
        series.officer = by
    class_series_validate(series)
    _full_clean(series, exclude=["created_by"])
    series.save()
    return series


@transaction.atomic
def class_series_update(*, series: ClassSeries, data: dict[str, Any], by) -> ClassSeries:
    series = ClassSeries.objects.select_for_update().get(pk=series.pk)
    old_program, old_school = series.program_id, series.school_id
    _apply(series, data, SERIES_FIELDS)
    if (series.program_id, series.school_id) != (old_program, old_school) and series.sessions.exists():
        raise ValidationError(_("Sessions are already logged in this series: its program and school are fixed."))
    class_series_validate(series)
    _full_clean(series, exclude=["created_by"])
    series.save()
    return series


def class_series_next_number(series: ClassSeries) -> int:
    last = series.sessions.active().aggregate(n=Max("session_number"))["n"]
    return (last or 0) + 1


# --- Sessions -------------------------------------------------------------------------------------------

SESSION_FIELDS = (
    "program",
    "school",
    "organisation",
    "venue",
    "starts_at",
    "length_minutes",
    "grades",
    "class_label",
    "audience_count",
    "series",
    "session_number",
    "language",
    "notes",
)


def session_validate(session: Session) -> None:
    errors: dict[str, str] = {}
    if session.school_id is None:
        session.organisation = (session.organisation or "").strip()
        session.venue = (session.venue or "").strip()
        if not session.organisation:
            errors["organisation"] = _("Choose a school, or give the community organisation and the venue.")
        if not session.venue:
            errors["venue"] = _("Give the venue when the session is not at a school.")
    if session.length_minutes is not None and session.length_minutes <= 0:
        errors["length_minutes"] = _("The length must be more than 0 minutes.")
    if session.audience_count is not None and not 0 <= session.audience_count <= AUDIENCE_MAX:
        errors["audience_count"] = _("The audience must be between 0 and %(max)s people.") % {"max": AUDIENCE_MAX}
    if session.program_id and session.starts_at:
        day = timezone.localdate(session.starts_at)
        if day < session.program.available_from:
            errors["starts_at"] = _("%(program)s is only available from %(day)s; this session is dated %(date)s.") % {
                "program": session.program.code,
                "day": session.program.available_from.isoformat(),
                "date": day.isoformat(),
            }
    if session.series_id:
        series = session.series
        if session.program_id and series.program_id != session.program_id:
            errors["series"] = _("This class series is for %(program)s, not the program chosen.") % {
                "program": series.program.code
            }
        elif session.school_id != series.school_id:
            errors["series"] = _("This class series is at %(school)s: choose that school.") % {"school": series.school}
        if session.starts_at and SchoolYear.containing(timezone.localdate(session.starts_at)) != series.school_year:
            errors.setdefault(
                "starts_at",
                _("The class series is for the %(year)s school year; this date is outside it.")
                % {"year": SchoolYear.label(series.school_year)},
            )
        if not session.session_number:
            session.session_number = class_series_next_number(series)
        else:
            clash = series.sessions.active().filter(session_number=session.session_number).exclude(pk=session.pk)
            if clash.exists():
                errors["session_number"] = _("Session %(n)s of this series is already logged.") % {
                    "n": session.session_number
                }
    else:
        session.session_number = None
    if errors:
        raise ValidationError(errors)


def _save_session(session: Session) -> None:
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:  # two officers logging the same session number at the same moment
        raise ValidationError({"session_number": _("That session number was just logged by someone else.")}) from exc


@transaction.atomic
def session_create(*, data: dict[str, Any], officers, by) -> Session:
    session = Session(created_by=by)
    _apply(session, data, SESSION_FIELDS)
    session_validate(session)
    _full_clean(session, exclude=["created_by", "officers"])
    _save_session(session)
    session.officers.set({*officers, by})
    return session


@transaction.atomic
def session_update(*, session: Session, data: dict[str, Any], officers, version: int | None, by) -> Session:
    session = _lock(Session, session.pk, version)
    if not Session.objects.editable_by(by).filter(pk=session.pk).exists():
        raise PermissionDenied
    if session.is_voided:
        raise ValidationError(_("A voided session cannot be changed."))
    _apply(session, data, SESSION_FIELDS)
    session_validate(session)
    _full_clean(session, exclude=["created_by", "officers"])
    session.version += 1
    _save_session(session)
    keep = {session.created_by} if session.created_by_id else set()
    session.officers.set({*officers, *keep})
    return session


@transaction.atomic
def session_void(*, session: Session, reason: str, version: int | None, by) -> Session:
    session = _lock(Session, session.pk, version)
    if not Session.objects.editable_by(by).filter(pk=session.pk).exists():
        raise PermissionDenied
    if session.is_voided:
        raise ValidationError(_("This session is already voided."))
    if PresentationRequest.objects.filter(session=session).exists():
        raise ValidationError(_("This session delivered a presentation request: it cannot be voided."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for voiding this session.")})
    session.status = Session.Status.VOIDED
    session.void_reason = reason.strip()[:300]
    session.version += 1
    session.save()
    return session


# --- Presentation requests ------------------------------------------------------------------------------

REQUEST_FIELDS = (
    "school",
    "organisation",
    "contact_name",
    "contact_email",
    "contact_phone",
    "program",
    "topic",
    "preferred_dates",
    "audience_description",
    "audience_size",
    "language",
    "received_on",
    "notes",
)


def presentation_request_validate(req: PresentationRequest) -> None:
    errors: dict[str, str] = {}
    if not (req.contact_email or "").strip() and not (req.contact_phone or "").strip():
        errors["contact_email"] = _("Give an email address or a phone number (at least one) to reach the requester.")
    if req.school_id is None and not (req.organisation or "").strip():
        errors["organisation"] = _("Choose the requesting school or give the organisation's name.")
    if req.program_id is None and not (req.topic or "").strip():
        errors["topic"] = _("Choose a program or describe the topic requested.")
    if req.received_on and req.received_on > timezone.localdate():
        errors["received_on"] = _("The request cannot be received in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def presentation_request_create(*, data: dict[str, Any], by) -> PresentationRequest:
    req = PresentationRequest(created_by=by)
    _apply(req, data, REQUEST_FIELDS)
    presentation_request_validate(req)
    _full_clean(req, exclude=["created_by"])
    req.save()
    return req


@transaction.atomic
def presentation_request_update(
    *, request: PresentationRequest, data: dict[str, Any], version: int | None
) -> PresentationRequest:
    req = _lock(PresentationRequest, request.pk, version)
    if not req.is_open:
        raise ValidationError(
            _("A %(status)s request can no longer be changed.") % {"status": req.get_status_display()}
        )
    _apply(req, data, REQUEST_FIELDS)
    presentation_request_validate(req)
    _full_clean(req, exclude=["created_by"])
    req.version += 1
    req.save()
    return req


def _transition(req: PresentationRequest, target: str) -> None:
    if target not in req.allowed_next():
        raise ValidationError(
            _("A request that is %(current)s cannot be marked %(target)s.")
            % {
                "current": req.get_status_display().lower(),
                "target": PresentationRequest.Status(target).label.lower(),
            }
        )
    req.status = target


@transaction.atomic
def presentation_request_schedule(
    *,
    request: PresentationRequest,
    officer,
    scheduled_for: dt.date,
    version: int | None,
    scheduled_time: dt.time | None = None,
) -> PresentationRequest:
    req = _lock(PresentationRequest, request.pk, version)
    _transition(req, PresentationRequest.Status.SCHEDULED)
    if officer is None:
        raise ValidationError({"officer": _("Choose the officer who will present.")})
    if scheduled_for is None:
        raise ValidationError({"scheduled_for": _("Give the date of the presentation.")})
    if scheduled_for < req.received_on:
        raise ValidationError({"scheduled_for": _("The presentation cannot be before the request was received.")})
    req.assigned_officer = officer
    req.scheduled_for = scheduled_for
    req.scheduled_time = scheduled_time
    req.version += 1
    req.save()
    return req


@transaction.atomic
def presentation_request_deliver(
    *, request: PresentationRequest, session: Session, version: int | None
) -> PresentationRequest:
    req = _lock(PresentationRequest, request.pk, version)
    _transition(req, PresentationRequest.Status.DELIVERED)
    if session is None:
        raise ValidationError({"session": _("Choose the session that delivered this request.")})
    if session.is_voided:
        raise ValidationError({"session": _("A voided session cannot deliver a request.")})
    if timezone.localdate(session.starts_at) < req.received_on:
        raise ValidationError({"session": _("This session took place before the request was received.")})
    if PresentationRequest.objects.filter(session=session).exclude(pk=req.pk).exists():
        raise ValidationError({"session": _("This session already delivered another request.")})
    req.session = session
    req.version += 1
    req.save()
    return req


@transaction.atomic
def presentation_request_decline(
    *, request: PresentationRequest, reason: str, version: int | None
) -> PresentationRequest:
    req = _lock(PresentationRequest, request.pk, version)
    _transition(req, PresentationRequest.Status.DECLINED)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason the request is declined.")})
    req.decline_reason = reason.strip()[:300]
    req.version += 1
    req.save()
    return req


# --- CAA School Safety Patrol ---------------------------------------------------------------------------

PATROL_FIELDS = (
    "school",
    "school_year",
    "patrollers",
    "captains",
    "training_on",
    "exam_passes",
    "patroller_of_year_nominations",
    "supervisor_of_year_nominations",
    "notes",
)


def patrol_year_validate(patrol: PatrolYear) -> None:
    errors: dict[str, str] = {}
    if patrol.exam_passes is not None and patrol.patrollers is not None and patrol.exam_passes > patrol.patrollers:
        errors["exam_passes"] = _("Exam passes cannot exceed the number of patrollers.")
    if patrol.captains is not None and patrol.patrollers is not None and patrol.captains > patrol.patrollers:
        errors["captains"] = _("Captains are patrollers too: there cannot be more captains than patrollers.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def patrol_year_create(*, data: dict[str, Any], by) -> PatrolYear:
    patrol = PatrolYear(created_by=by)
    _apply(patrol, data, PATROL_FIELDS)
    patrol_year_validate(patrol)
    _full_clean(patrol, exclude=["created_by"])
    patrol.save()
    return patrol


@transaction.atomic
def patrol_year_update(*, patrol: PatrolYear, data: dict[str, Any], version: int | None) -> PatrolYear:
    patrol = _lock(PatrolYear, patrol.pk, version)
    _apply(patrol, data, PATROL_FIELDS)
    patrol_year_validate(patrol)
    _full_clean(patrol, exclude=["created_by"])
    patrol.version += 1
    patrol.save()
    return patrol


# --- Placements -----------------------------------------------------------------------------------------

PLACEMENT_FIELDS = (
    "student_name",
    "institution",
    "level",
    "program_of_study",
    "starts_on",
    "ends_on",
    "hours",
    "supervisor",
    "project_summary",
    "notes",
    "consent_confirmed",
    "retain_until",
)


def placement_validate(placement: Placement) -> None:
    errors: dict[str, str] = {}
    if placement.purged_at is None and not (placement.student_name or "").strip():
        errors["student_name"] = _("Give the student's name.")
    if placement.starts_on and placement.ends_on and placement.ends_on < placement.starts_on:
        errors["ends_on"] = _("The placement cannot end before it starts.")
    if not placement.consent_confirmed:
        errors["consent_confirmed"] = _("Confirm the student is an adult or that consent was given.")
    if placement.hours is not None and placement.hours < 0:
        errors["hours"] = _("Hours cannot be negative.")
    if errors:
        raise ValidationError(errors)
    if placement.retain_until is None:
        placement.retain_until = default_retain_until(placement.ends_on)
    elif placement.retain_until < placement.ends_on:
        raise ValidationError({"retain_until": _("Personal information must be kept at least until the end.")})


@transaction.atomic
def placement_create(*, data: dict[str, Any], by) -> Placement:
    placement = Placement(created_by=by)
    _apply(placement, data, PLACEMENT_FIELDS)
    placement_validate(placement)
    _full_clean(placement, exclude=["created_by"])
    placement.save()
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, data: dict[str, Any], version: int | None) -> Placement:
    placement = _lock(Placement, placement.pk, version)
    if placement.purged_at:
        raise ValidationError(_("The personal information of this placement was purged: it can no longer be changed."))
    _apply(placement, data, PLACEMENT_FIELDS)
    placement_validate(placement)
    _full_clean(placement, exclude=["created_by"])
    placement.version += 1
    placement.save()
    return placement


def placements_due_for_purge(*, today: dt.date | None = None):
    today = today or timezone.localdate()
    return Placement.objects.filter(purged_at__isnull=True, retain_until__lt=today).order_by("retain_until", "pk")


@transaction.atomic
def placement_purge(*, placement: Placement, now: dt.datetime | None = None) -> Placement:
    """Blank the personal fields of the placement AND of every history row of it; counts and hours stay."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.purged_at:
        return placement
    blank = dict.fromkeys(Placement.PERSONAL_FIELDS, "")
    for name, value in blank.items():
        setattr(placement, name, value)
    placement.purged_at = now or timezone.now()
    placement.version += 1
    placement.save()
    Placement.history.filter(id=placement.pk).update(**blank)
    return placement
