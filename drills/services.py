"""Write side of drills: schedule, log, update, cancel, follow-ups, and the reminder sweep.

Nothing here talks to the broker: a drill is saved whether Redis is up or not. Reminders are rows in the shared
outbox (csu.models.Reminder) that csu.tasks.send_due_reminders sends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from csu.locking import StaleVersion, lock_version
from csu.services import PendingReminder, reminders_queue_many
from schools.models import Assignment, School

from .models import Drill, DrillKind, DrillRequirement, DrillYearRule, FollowUpAction
from .selectors import Requirement, Status, compliance_rows, current_rule, rule_requirements, school_year_of


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localdate(value)


def _check_common(
    *,
    user: User,
    school: School,
    kind: DrillKind,
    lead_officer: User,
    covering: bool,
    day: dt.date,
    date_field: str,
    new: bool,
    errors: dict,
) -> bool:
    """Rules shared by scheduling and logging; returns the covering flag to store."""
    if not school.active:
        errors.setdefault("school", []).append(_("This school is inactive; drills cannot be recorded for it."))
    if new and not kind.active:
        errors.setdefault("kind", []).append(_("This kind of drill is no longer in use."))
    if not lead_officer.is_active:
        errors.setdefault("lead_officer", []).append(_("This officer's account is disabled."))
    if not user.has_perm("drills.change_any_drill") and lead_officer.pk != user.pk:
        errors.setdefault("lead_officer", []).append(_("You may only record drills that you lead."))
    if school_year_of(day) is None:
        errors.setdefault(date_field, []).append(
            _("This date is outside every school year drills can be recorded for (at most one year ahead).")
        )
    assigned = Assignment.objects.on(day).filter(school=school, officer=lead_officer).exists()
    if not assigned and not covering:
        errors.setdefault("covering", []).append(
            _(
                "%(officer)s is not assigned to this school on %(date)s. Tick “Covering” if they are covering "
                "for the assigned officer."
            )
            % {"officer": lead_officer, "date": formats.date_format(day, "SHORT_DATE_FORMAT")}
        )
    return not assigned


def _check_conducted(*, start: dt.datetime | None, end: dt.datetime | None, now: dt.datetime, errors: dict) -> None:
    if start is None:
        errors.setdefault("conducted_start", []).append(_("Enter when the drill started."))
    if end is None:
        errors.setdefault("conducted_end", []).append(_("Enter when the drill ended."))
    if start and end and end <= start:
        errors.setdefault("conducted_end", []).append(_("The drill must end after it started."))
    if start and start > now:
        errors.setdefault("conducted_start", []).append(_("A completed drill cannot be dated in the future."))


def conducted_errors(*, start: dt.datetime | None, end: dt.datetime | None, now: dt.datetime | None = None) -> dict:
    """The timing problems of a conducted drill, by field (forms show them before calling a service)."""
    errors: dict = {}
    _check_conducted(start=start, end=end, now=now or timezone.now(), errors=errors)
    return errors


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def drill_schedule(
    *,
    user: User,
    school: School,
    kind: DrillKind,
    scheduled_for: dt.datetime,
    lead_officer: User | None = None,
    announced: bool = True,
    covering: bool = False,
    refuse_past: bool = False,
) -> Drill:
    """`refuse_past`: the schedule form's rule (a drill that took place is logged, not scheduled); the demo data,
    term plans and imports may record a drill that was scheduled and is now overdue."""
    lead_officer = lead_officer or user
    errors: dict = {}
    day = _local_date(scheduled_for)
    covering = _check_common(
        user=user,
        school=school,
        kind=kind,
        lead_officer=lead_officer,
        covering=covering,
        day=day,
        date_field="scheduled_for",
        new=True,
        errors=errors,
    )
    if refuse_past and scheduled_for < timezone.now() and "scheduled_for" not in errors:
        errors["scheduled_for"] = [
            _("A drill cannot be scheduled in the past: use “Log a drill” to record one that took place.")
        ]
    _raise(errors)
    drill = Drill(
        school=school,
        kind=kind,
        status=Drill.Status.SCHEDULED,
        scheduled_for=scheduled_for,
        occurs_on=day,
        announced=announced,
        lead_officer=lead_officer,
        covering=covering,
        created_by=user,
    )
    drill._history_user = user
    drill.save()
    return drill


@dataclass
class DrillReport:
    """What an officer records once a drill is conducted."""

    conducted_start: dt.datetime | None
    conducted_end: dt.datetime | None
    announced: bool = True
    time_to_secure: int | None = None
    students_count: int | None = None
    staff_count: int | None = None
    problems_found: str = ""
    debrief_notes: str = ""
    outcome: str = ""
    police_role: str = Drill.PoliceRole.LED
    time_of_day: str = Drill.TimeOfDay.CLASS


REPORT_FIELDS = tuple(DrillReport.__dataclass_fields__)


@transaction.atomic
def drill_complete(
    *,
    user: User,
    report: DrillReport,
    drill: Drill | None = None,
    version: int | None = None,
    school: School | None = None,
    kind: DrillKind | None = None,
    lead_officer: User | None = None,
    covering: bool = False,
    now: dt.datetime | None = None,
) -> Drill:
    """Log a conducted drill: completes the scheduled `drill` (version-checked), or records a new one."""
    now = now or timezone.now()
    errors: dict = {}
    if drill is not None:
        if version is None:
            raise StaleVersion()
        drill = lock_version(Drill, drill.pk, version)
        if drill.status == Drill.Status.CANCELLED:
            raise ValidationError(_("A cancelled drill cannot be logged; schedule or log a new one."))
        school, kind = drill.school, drill.kind
        lead_officer = lead_officer or drill.lead_officer
        covering = covering or drill.covering
    else:
        if school is None or kind is None:
            raise ValueError("school and kind are needed to log a new drill")
        lead_officer = lead_officer or user
    _check_conducted(start=report.conducted_start, end=report.conducted_end, now=now, errors=errors)
    day = _local_date(report.conducted_start) if report.conducted_start else timezone.localdate(now)
    covering = _check_common(
        user=user,
        school=school,
        kind=kind,
        lead_officer=lead_officer,
        covering=covering,
        day=day,
        date_field="conducted_start",
        new=drill is None,
        errors=errors,
    )
    _raise(errors)
    if drill is None:
        drill = Drill(school=school, kind=kind, scheduled_for=report.conducted_start, created_by=user)
    else:
        drill.version += 1
    for name in REPORT_FIELDS:
        setattr(drill, name, getattr(report, name))
    drill.status = Drill.Status.COMPLETED
    drill.occurs_on = day
    drill.lead_officer = lead_officer
    drill.covering = covering
    drill._history_user = user
    drill.save()
    return drill


UPDATABLE_FIELDS = ("kind", "scheduled_for", "lead_officer", "covering", *REPORT_FIELDS)


@transaction.atomic
def drill_update(*, user: User, drill: Drill, version: int, now: dt.datetime | None = None, **changes) -> Drill:
    """Change a drill's details; refuses a stale `version` (someone else saved in between)."""
    now = now or timezone.now()
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not updatable: {sorted(unknown)}")
    drill = lock_version(Drill, drill.pk, version)
    if drill.status == Drill.Status.CANCELLED:
        raise ValidationError(_("A cancelled drill cannot be changed."))
    old_kind_id = drill.kind_id
    for name, value in changes.items():
        setattr(drill, name, value)
    errors: dict = {}
    if drill.status == Drill.Status.COMPLETED:
        _check_conducted(start=drill.conducted_start, end=drill.conducted_end, now=now, errors=errors)
        day = _local_date(drill.conducted_start) if drill.conducted_start else drill.occurs_on
        date_field = "conducted_start"
    else:
        day = _local_date(drill.scheduled_for)
        date_field = "scheduled_for"
    drill.covering = _check_common(
        user=user,
        school=drill.school,
        kind=drill.kind,
        lead_officer=drill.lead_officer,
        covering=drill.covering,
        day=day,
        date_field=date_field,
        new=drill.kind_id != old_kind_id,
        errors=errors,
    )
    _raise(errors)
    drill.occurs_on = day
    drill.version += 1
    drill._history_user = user
    drill.save()
    return drill


@transaction.atomic
def drill_cancel(*, user: User, drill: Drill, version: int, reason: str) -> Drill:
    drill = lock_version(Drill, drill.pk, version)
    if drill.status != Drill.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled drill can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the drill is cancelled.")})
    drill.status = Drill.Status.CANCELLED
    drill.cancel_reason = reason[:300]
    drill.version += 1
    drill._history_user = user
    drill.save()
    return drill


@transaction.atomic
def followup_create(*, user: User, drill: Drill, description: str, owner: str, due_on: dt.date) -> FollowUpAction:
    errors: dict = {}
    if drill.status != Drill.Status.COMPLETED:
        errors["__all__"] = [_("Follow-up actions belong to a completed drill.")]
    if not description.strip():
        errors["description"] = [_("Describe what needs doing.")]
    if not owner.strip():
        errors["owner"] = [_("Say who at the school owns this action.")]
    if due_on < drill.occurs_on:
        errors["due_on"] = [_("The due date cannot be before the drill.")]
    _raise(errors)
    followup = FollowUpAction(
        drill=drill, description=description.strip(), owner=owner.strip(), due_on=due_on, created_by=user
    )
    followup._history_user = user
    followup.save()
    return followup


@transaction.atomic
def followup_resolve(
    *, user: User, followup: FollowUpAction, version: int, resolved_on: dt.date, resolution: str
) -> FollowUpAction:
    followup = lock_version(
        FollowUpAction, followup.pk, version, queryset=FollowUpAction.objects.select_related("drill")
    )
    errors: dict = {}
    if followup.resolved_on is not None:
        errors["__all__"] = [_("This action is already resolved.")]
    if not resolution.strip():
        errors["resolution"] = [_("Say what was done.")]
    if resolved_on > timezone.localdate():
        errors["resolved_on"] = [_("The resolution date cannot be in the future.")]
    elif resolved_on < followup.drill.occurs_on:
        errors["resolved_on"] = [_("The resolution date cannot be before the drill.")]
    _raise(errors)
    followup.resolved_on = resolved_on
    followup.resolution = resolution.strip()
    followup.version += 1
    followup._history_user = user
    followup.save()
    return followup


@transaction.atomic
def drillyearrule_save(
    *, user: User, rule: DrillYearRule, requirements: list[Requirement] | None = None
) -> DrillYearRule:
    """Save a supervisor's rule for a school year (a new row the first time a year is edited) and, when given, how
    many drills of each kind it requires: all or nothing, in one transaction, with `user` in every history row.

    A kind's row is written even when it requires nothing, so that the year keeps its numbers when the kind's
    defaults change later; a row whose numbers did not change is left alone (no history entry).
    """
    rule.full_clean()
    requirements = requirements or []
    errors: dict = {}
    seen = set()
    for requirement in requirements:
        if requirement.required < 0 or requirement.required_by_fall < 0:
            errors.setdefault("__all__", []).append(_("The number of drills cannot be negative."))
        elif requirement.required_by_fall > requirement.required:
            errors.setdefault("__all__", []).append(
                _("%(kind)s: cannot be more than the drills required in the year.") % {"kind": requirement.kind}
            )
        if requirement.kind.pk in seen:
            raise ValueError(f"kind {requirement.kind.pk} given twice")
        seen.add(requirement.kind.pk)
    _raise(errors)
    rule._history_user = user
    rule.save()
    existing = {r.kind_id: r for r in DrillRequirement.objects.select_for_update().filter(rule=rule)}
    for requirement in requirements:
        row = existing.get(requirement.kind.pk) or DrillRequirement(rule=rule, kind=requirement.kind)
        if row.pk and (row.required, row.required_by_fall) == (requirement.required, requirement.required_by_fall):
            continue
        row.required, row.required_by_fall = requirement.required, requirement.required_by_fall
        row._history_user = user
        row.save()
    return rule


# --- Reminders ------------------------------------------------------------------------------------------


def _url(path: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{path}"


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _datetime(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def reminders_sweep(*, now: dt.datetime | None = None) -> int:
    """Create the due drill reminders in the outbox; returns how many were created. Safe to run any time.

    - each lead time (e.g. 30 and 7 days) before a scheduled drill: the lead officer, once per lead time
      (only the shortest lead time that applies, so a drill booked 5 days ahead gets one notice);
    - a school that has not scheduled the drills a kind the year requires still needs, while the term deadline is
      inside the warning window (status "due soon"): the school's officer and the supervisors, once per deadline
      (the notice names the kinds behind);
    - an overdue school: the officer and the supervisors, repeated every `overdue_repeat_days` (the key holds
      the interval number);
    - follow-up actions past their due date: the drill's lead officer, once per due date;
    - a weekly digest for the supervisors (once per ISO week).

    Twelve queries whatever the number of schools, kinds and drills.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    rule = current_rule(today)
    year = rule.school_year
    pending: list[PendingReminder] = []
    supervisors = list(User.objects.filter(role=Role.SUPERVISOR, is_active=True))

    # 1. Lead-time reminders for scheduled drills.
    leads = rule.lead_days
    upcoming = Drill.objects.filter(
        status=Drill.Status.SCHEDULED, scheduled_for__gt=now, occurs_on__lte=today + dt.timedelta(days=max(leads))
    ).select_related("school", "kind", "lead_officer")
    for drill in upcoming:
        days_left = (timezone.localdate(drill.scheduled_for) - today).days
        applicable = [lead for lead in leads if days_left <= lead]
        if not applicable:
            continue
        lead = min(applicable)
        pending.append(
            PendingReminder(
                key=f"drills:before:{drill.pk}:{lead}:{drill.scheduled_for.astimezone(dt.UTC):%Y%m%d%H%M}",
                kind="drill_upcoming",
                recipient=drill.lead_officer,
                subject=lambda d=drill: (
                    gettext("%(kind)s drill at %(school)s on %(date)s")
                    % {"kind": d.kind, "school": d.school, "date": _datetime(d.scheduled_for)}
                ),
                body=lambda d=drill: (
                    gettext(
                        "A %(kind)s drill is scheduled at %(school)s on %(date)s. You are the lead officer.\n\n%(url)s"
                    )
                    % {
                        "kind": d.kind,
                        "school": d.school,
                        "date": _datetime(d.scheduled_for),
                        "url": _url(f"/drills/{d.pk}/"),
                    }
                ),
            )
        )

    # 2. + 3. Schools with nothing scheduled before a close deadline, and overdue schools.
    rows = compliance_rows(year=year, today=today, rule=rule)
    officers = {u.pk: u for u in User.objects.filter(pk__in={r.officer_id for r in rows if r.officer_id})}
    for row in rows:
        if not row.open_today:  # closed since: its year's figures stand, nobody is reminded
            continue
        recipients = [officers[row.officer_id]] if row.officer_id in officers else []
        recipients += supervisors
        if row.status == Status.DUE_SOON:
            key_base, kind = f"drills:unscheduled:{row.school_id}:{row.deadline:%Y%m%d}", "drill_unscheduled"
            subject, body = partial(_unscheduled_subject, row), partial(_unscheduled_body, row)
        elif row.status == Status.OVERDUE:
            interval = (today - row.deadline).days // rule.overdue_repeat_days
            key_base, kind = f"drills:overdue:{row.school_id}:{row.deadline:%Y%m%d}:{interval}", "drill_overdue"
            subject, body = partial(_overdue_subject, row), partial(_overdue_body, row)
        else:
            continue
        for recipient in recipients:
            pending.append(
                PendingReminder(
                    key=f"{key_base}:{recipient.pk}", kind=kind, recipient=recipient, subject=subject, body=body
                )
            )

    # 4. Follow-up actions past due.
    overdue_followups = (
        FollowUpAction.objects.open()
        .filter(due_on__lt=today)
        .select_related("drill__school", "drill__lead_officer", "drill__kind")
    )
    for action in overdue_followups:
        pending.append(
            PendingReminder(
                key=f"drills:followup:{action.pk}:{action.due_on:%Y%m%d}",
                kind="drill_followup_overdue",
                recipient=action.drill.lead_officer,
                subject=lambda a=action: gettext("Follow-up past due at %(school)s") % {"school": a.drill.school},
                body=lambda a=action: (
                    gettext(
                        "This follow-up action from the %(kind)s drill of %(date)s at %(school)s was due on %(due)s "
                        "and is not resolved:\n\n%(description)s (owner: %(owner)s)\n\n%(url)s"
                    )
                    % {
                        "kind": a.drill.kind,
                        "date": _date(a.drill.occurs_on),
                        "school": a.drill.school,
                        "due": _date(a.due_on),
                        "description": a.description,
                        "owner": a.owner,
                        "url": _url(f"/drills/{a.drill_id}/"),
                    }
                ),
            )
        )

    # 5. Weekly digest for supervisors.
    iso = today.isocalendar()
    counts = dict.fromkeys(Status.ORDER, 0)
    for row in rows:
        counts[row.status] += 1
    behind = [r for r in rows if r.status in (Status.OVERDUE, Status.DUE_SOON)]
    for supervisor in supervisors:
        pending.append(
            PendingReminder(
                key=f"drills:digest:{iso.year}-W{iso.week:02d}:{supervisor.pk}",
                kind="drill_digest",
                recipient=supervisor,
                subject=lambda: gettext("Drill compliance this week"),
                body=lambda: _digest_body(rule=rule, counts=counts, behind=behind),
            )
        )
    return reminders_queue_many(pending, now=now)


def _kinds_behind(row) -> str:
    """The names of the kinds a school is behind on, in the current language (e.g. "Lockdown, Hold and Secure")."""
    parts = row.parts_behind or row.parts
    return ", ".join(str(p.kind_name) for p in parts)


def _missing_lines(row) -> str:
    return "\n".join(
        "- "
        + gettext("%(kind)s: %(done)s of %(required)s done")
        % {"kind": p.kind_name, "done": p.completed, "required": p.required}
        for p in (row.parts_behind or row.parts)
    )


def _unscheduled_subject(row) -> str:
    return gettext("Drills to schedule at %(school)s: %(kinds)s") % {
        "school": row.school_name,
        "kinds": _kinds_behind(row),
    }


def _unscheduled_body(row) -> str:
    return gettext(
        "%(school)s has not held all the drills required by %(deadline)s, and not enough are scheduled before that "
        "deadline:\n\n%(missing)s\n\nPlease schedule them.\n\n%(url)s"
    ) % {
        "school": row.school_name,
        "missing": _missing_lines(row),
        "deadline": _date(row.deadline),
        "url": _url(f"/drills/schedule/?school={row.school_id}"),
    }


def _overdue_subject(row) -> str:
    return gettext("Drills overdue at %(school)s: %(kinds)s") % {"school": row.school_name, "kinds": _kinds_behind(row)}


def _overdue_body(row) -> str:
    return gettext(
        "%(school)s has completed fewer drills than required by %(deadline)s:\n\n%(missing)s\n\nThe drills are "
        "overdue: please schedule and hold them.\n\n%(url)s"
    ) % {
        "school": row.school_name,
        "missing": _missing_lines(row),
        "deadline": _date(row.deadline),
        "url": _url(f"/drills/schedule/?school={row.school_id}"),
    }


def _digest_body(*, rule: DrillYearRule, counts: dict, behind: list) -> str:
    lines = [gettext("Drill compliance, school year %(year)s:") % {"year": rule.label}]
    requirements = rule_requirements(rule)
    if requirements:
        lines.append(
            gettext("Required per school: %(kinds)s.")
            % {"kinds": ", ".join(f"{r.kind.name} {r.required}" for r in requirements.values())}
        )
    lines.append("")
    lines += [f"- {Status.LABELS[s]}: {counts[s]}" for s in Status.ORDER]
    if behind:
        lines += ["", gettext("Schools overdue or due soon:")]
        lines += [f"- {r.school_name} ({Status.LABELS[r.status]}, {r.officer_name or '—'})" for r in behind[:50]]
    lines += ["", _url("/drills/compliance/")]
    return "\n".join(str(line) for line in lines)
