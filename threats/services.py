"""Write-side rules for threat assessments: validate, then save inside one transaction.

Raises `django.core.exceptions.ValidationError` with messages a user can act on; nothing is ever hard-deleted
(an assessment entered in error is voided with a reason and stays on record with its history).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.models import Role, User
from csu.services import PendingReminder, reminders_queue_many

from .models import ThreatAssessment

ASSESSMENT_FIELDS = (
    "school",
    "assessed_on",
    "stage",
    "behaviour",
    "outcome",
    "grade_band",
    "follow_up_on",
    "follow_up_done",
    "call",
    "notes",
)
# An overdue follow-up is recalled to its officers this often until it is marked done.
OVERDUE_REPEAT_DAYS = 7


def _stale() -> ValidationError:
    return ValidationError(
        _("This record was changed by someone else while you were editing it. Reload the page to see their changes."),
        code="stale",
    )


def _set_fields(assessment: ThreatAssessment, fields: dict) -> None:
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(assessment, name, value)


def assessment_validate(assessment: ThreatAssessment, officers: list[User]) -> None:
    """The rules beyond the model's own; forms call it too so that every error shows at once."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if assessment.assessed_on and assessment.assessed_on > today:
        errors.setdefault("assessed_on", []).append(_("An assessment cannot be dated in the future."))
    if assessment.follow_up_on and assessment.assessed_on and assessment.follow_up_on < assessment.assessed_on:
        errors.setdefault("follow_up_on", []).append(_("The follow-up cannot come before the assessment."))
    if assessment.follow_up_done and not assessment.follow_up_on:
        errors.setdefault("follow_up_on", []).append(_("Give the follow-up date before marking it done."))
    if assessment.call_id and assessment.school_id and assessment.call.school_id != assessment.school_id:
        errors.setdefault("call", []).append(_("This call was at another school."))
    if not officers:
        errors.setdefault("officers", []).append(_("Choose at least one officer involved."))
    elif any(o.role not in (Role.OFFICER, Role.SUPERVISOR) for o in officers):
        errors.setdefault("officers", []).append(_("Only officers and supervisors take part in assessments."))
    if errors:
        raise ValidationError(errors)


def _check(assessment: ThreatAssessment, officers: list[User]) -> None:
    assessment_validate(assessment, officers)
    assessment.full_clean(exclude=["created_by", "officers"])


@transaction.atomic
def assessment_create(*, by: User | None, officers: Iterable[User], **fields) -> ThreatAssessment:
    assessment = ThreatAssessment(created_by=by)
    _set_fields(assessment, fields)
    officers = list(officers)
    _check(assessment, officers)
    assessment._history_user = by
    assessment.save()
    assessment.officers.set(officers)
    return assessment


@transaction.atomic
def assessment_update(
    *, assessment: ThreatAssessment, expected_version: int, by: User | None, officers: Iterable[User], **fields
) -> ThreatAssessment:
    assessment = ThreatAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.version != expected_version:
        raise _stale()
    if assessment.status == ThreatAssessment.Status.VOIDED:
        raise ValidationError(_("A voided assessment cannot be changed."), code="voided")
    _set_fields(assessment, fields)
    officers = list(officers)
    _check(assessment, officers)
    assessment.version += 1
    assessment._history_user = by
    assessment.save()
    assessment.officers.set(officers)
    return assessment


@transaction.atomic
def assessment_void(
    *, assessment: ThreatAssessment, reason: str, by: User | None, expected_version: int | None = None
) -> ThreatAssessment:
    """Void an assessment entered in error. The row stays (with its history) and is left out of counts."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason this assessment is voided.")})
    assessment = ThreatAssessment.objects.select_for_update().get(pk=assessment.pk)
    if expected_version is not None and assessment.version != expected_version:
        raise _stale()
    if assessment.status == ThreatAssessment.Status.VOIDED:
        raise ValidationError(_("This assessment is already voided."), code="voided")
    assessment.status = ThreatAssessment.Status.VOIDED
    assessment.void_reason = reason[:300]
    assessment.version += 1
    assessment._history_user = by
    assessment.save()
    return assessment


@transaction.atomic
def assessment_follow_up_done(
    *, assessment: ThreatAssessment, by: User | None, expected_version: int | None = None
) -> ThreatAssessment:
    assessment = ThreatAssessment.objects.select_for_update().get(pk=assessment.pk)
    if expected_version is not None and assessment.version != expected_version:
        raise _stale()
    if assessment.status == ThreatAssessment.Status.VOIDED:
        raise ValidationError(_("A voided assessment cannot be changed."), code="voided")
    if not assessment.follow_up_on:
        raise ValidationError(_("This assessment has no follow-up date."), code="no_follow_up")
    assessment.follow_up_done = True
    assessment.version += 1
    assessment._history_user = by
    assessment.save()
    return assessment


# --- Reminders ------------------------------------------------------------------------------------------


def reminders_sweep(now: dt.datetime | None = None) -> int:
    """Remind the officers of each assessment whose follow-up date has passed and is not done; returns how many.

    Repeated every OVERDUE_REPEAT_DAYS until done: the key carries the follow-up date and the repeat number, so
    moving the date reminds again and running the sweep twice never does. Assessments whose officers are all
    gone remind the supervisors. A fixed number of queries whatever the number of assessments.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = list(
        ThreatAssessment.objects.follow_up_overdue(today).select_related("school").prefetch_related("officers")
    )
    supervisors = None
    pending: list[PendingReminder] = []
    for assessment in overdue:
        recipients = [u for u in assessment.officers.all() if u.is_active]
        if not recipients:
            if supervisors is None:
                supervisors = list(User.objects.filter(role=Role.SUPERVISOR, is_active=True))
            recipients = supervisors
        repeat = (today - assessment.follow_up_on).days // OVERDUE_REPEAT_DAYS
        for user in recipients:
            pending.append(
                PendingReminder(
                    key=f"threats:followup:{assessment.pk}:{assessment.follow_up_on:%Y%m%d}:{repeat}:{user.pk}",
                    kind="threat_follow_up_overdue",
                    recipient=user,
                    subject=lambda a=assessment: (
                        gettext("Threat assessment follow-up overdue: %(school)s") % {"school": a.school.name}
                    ),
                    body=lambda a=assessment: (
                        gettext(
                            "The follow-up of the %(stage)s assessment of %(date)s at %(school)s was due on "
                            "%(due)s and is not marked done."
                        )
                        % {
                            "stage": a.get_stage_display(),
                            "date": a.assessed_on.isoformat(),
                            "school": a.school.name,
                            "due": a.follow_up_on.isoformat(),
                        }
                    ),
                )
            )
    return reminders_queue_many(pending, now=now)
