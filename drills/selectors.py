"""Read side of drills: the effective year rule and the compliance of every active school."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from schools.models import Assignment, School, SchoolYear

from .models import Drill, DrillYearRule


def effective_rule(year: int) -> DrillYearRule:
    """The saved rule for `year`, or the defaults (an unsaved row) when supervisors have not set one. 1 query."""
    return DrillYearRule.objects.filter(school_year=year).first() or DrillYearRule.for_year(year)


def school_year_of(day: dt.date, *, today: dt.date | None = None) -> int | None:
    """The school year a drill dated `day` belongs to, or None when the date is outside every allowed year.

    Allowed: from the start of the earliest saved rule (or, with no rules saved, the start of the previous
    school year, so that last year's drills may still be entered) up to one year after `today`; and inside the
    year's own start/end (a rule may leave a summer gap). At most 2 queries.
    """
    today = today or timezone.localdate()
    if day > today + dt.timedelta(days=365):
        return None
    rules = {r.school_year: r for r in DrillYearRule.objects.all()}
    if rules:
        earliest = min(r.starts_on for r in rules.values())
    else:
        earliest = SchoolYear.bounds(SchoolYear.containing(today) - 1)[0]
    if day < earliest:
        return None
    natural = SchoolYear.containing(day)
    for year in (natural, natural + 1, natural - 1):
        rule = rules.get(year) or DrillYearRule.for_year(year)
        if rule.starts_on <= day <= rule.ends_on:
            return year
    return None


class Status:
    COMPLIANT = "compliant"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_SCHEDULED = "not_scheduled"

    LABELS = {
        COMPLIANT: _("Compliant"),
        ON_TRACK: _("On track"),
        DUE_SOON: _("Due soon"),
        OVERDUE: _("Overdue"),
        NOT_SCHEDULED: _("Not scheduled"),
    }
    ORDER = [OVERDUE, DUE_SOON, NOT_SCHEDULED, ON_TRACK, COMPLIANT]
    BADGES = {
        COMPLIANT: "text-bg-success",
        ON_TRACK: "text-bg-info",
        DUE_SOON: "text-bg-warning",
        OVERDUE: "text-bg-danger",
        NOT_SCHEDULED: "text-bg-secondary",
    }


@dataclass
class ComplianceRow:
    school_id: int
    school_name: str
    board_id: int
    board_code: str
    officer_id: int | None
    officer_name: str
    completed: int
    required: int
    next_scheduled: dt.datetime | None
    last_completed: dt.date | None
    status: str
    deadline: dt.date

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def badge(self) -> str:
        return Status.BADGES[self.status]


def compliance_status(
    *,
    rule: DrillYearRule,
    today: dt.date,
    completed: int,
    upcoming_by_fall: int,
    upcoming_by_spring: int,
) -> tuple[str, dt.date]:
    """The compliance status of one school for one school year, and the deadline it is measured against.

    Only completed or scheduled drills of kinds that count toward the requirement (lockdowns), dated inside the
    school year, are considered; cancelled drills and other kinds are ignored. A scheduled drill dated before
    `today` that was never logged is stale and ignored too.

    With F = fall deadline, S = spring deadline, nF = lockdowns required by F, n = lockdowns required in the year,
    C = completed lockdowns in the year, and "due now" = 0 until F, nF after F, n after S:

    - **compliant**: C >= n (the year's requirement is met, whatever the date);
    - **overdue**: C < due now (a term deadline passed without its required count; a later drill catches up);
    - otherwise the *next deadline* D is F while C < nF and today <= F, else S, with N = its required count.
      Upcoming = scheduled lockdowns dated from today up to D.
      - **on track**: C + upcoming >= N (enough drills are scheduled before D);
      - **due soon**: not enough scheduled and D is within the rule's warning window
        (D - today <= unscheduled_warning_days);
      - **not scheduled**: not enough scheduled and D is further away than that.
    """
    if completed >= rule.required_lockdowns:
        return Status.COMPLIANT, rule.spring_deadline
    if today > rule.spring_deadline:
        return Status.OVERDUE, rule.spring_deadline
    if today > rule.fall_deadline and completed < rule.required_by_fall:
        return Status.OVERDUE, rule.fall_deadline
    if completed < rule.required_by_fall and today <= rule.fall_deadline:
        deadline, needed, upcoming = rule.fall_deadline, rule.required_by_fall, upcoming_by_fall
    else:
        deadline, needed, upcoming = rule.spring_deadline, rule.required_lockdowns, upcoming_by_spring
    if completed + upcoming >= needed:
        return Status.ON_TRACK, deadline
    if (deadline - today).days <= rule.unscheduled_warning_days:
        return Status.DUE_SOON, deadline
    return Status.NOT_SCHEDULED, deadline


def compliance_rows(
    *,
    year: int,
    today: dt.date | None = None,
    rule: DrillYearRule | None = None,
    officer_id: int | None = None,
    board_id: int | None = None,
    status: str | None = None,
    school_ids=None,
    completed_until: dt.date | None = None,
) -> list[ComplianceRow]:
    """Compliance of every active school for `year`, sorted by school name.

    `completed_until` counts only the drills completed up to that day (the annual report compares a running year
    with the previous one cut at the same day); by default every completed drill of the year counts.

    Four queries whatever the number of schools (rule, schools with their current officer, per-school
    aggregates of counting drills, officer names); three when `rule` is given.
    """
    today = today or timezone.localdate()
    rule = rule or effective_rule(year)
    open_assignment = Assignment.objects.filter(school=OuterRef("pk"), end__isnull=True)
    schools = School.objects.active().annotate(current_officer_id=Subquery(open_assignment.values("officer_id")[:1]))
    if officer_id:
        schools = schools.filter(current_officer_id=officer_id)
    if board_id:
        schools = schools.filter(board_id=board_id)
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
    school_values = list(
        schools.order_by("name_en", "pk").values(
            "pk", "name_en", "name_fr", "board_id", "board__code", "current_officer_id"
        )
    )
    if not school_values:
        return []

    completed_q = Q(status=Drill.Status.COMPLETED)
    if completed_until is not None:
        completed_q &= Q(occurs_on__lte=completed_until)
    upcoming_q = Q(status=Drill.Status.SCHEDULED, occurs_on__gte=today)
    drills = Drill.objects.counting().between(rule.starts_on, rule.ends_on)
    if officer_id or board_id or school_ids is not None:
        drills = drills.filter(school__in=schools.values("pk"))
    aggregates = {
        row["school_id"]: row
        for row in drills.values("school_id").annotate(
            completed=Count("pk", filter=completed_q),
            last_completed=Max("occurs_on", filter=completed_q),
            next_scheduled=Min("scheduled_for", filter=upcoming_q),
            upcoming_by_fall=Count("pk", filter=upcoming_q & Q(occurs_on__lte=rule.fall_deadline)),
            upcoming_by_spring=Count("pk", filter=upcoming_q & Q(occurs_on__lte=rule.spring_deadline)),
        )
    }
    officer_ids = {s["current_officer_id"] for s in school_values if s["current_officer_id"]}
    officers = {u.pk: str(u) for u in User.objects.filter(pk__in=officer_ids)} if officer_ids else {}

    french = _get_language().startswith("fr")
    rows = []
    empty = {
        "completed": 0,
        "last_completed": None,
        "next_scheduled": None,
        "upcoming_by_fall": 0,
        "upcoming_by_spring": 0,
    }
    for school in school_values:
        agg = aggregates.get(school["pk"], empty)
        row_status, deadline = compliance_status(
            rule=rule,
            today=today,
            completed=agg["completed"],
            upcoming_by_fall=agg["upcoming_by_fall"],
            upcoming_by_spring=agg["upcoming_by_spring"],
        )
        if status and row_status != status:
            continue
        rows.append(
            ComplianceRow(
                school_id=school["pk"],
                school_name=(school["name_fr"] if french and school["name_fr"] else school["name_en"]),
                board_id=school["board_id"],
                board_code=school["board__code"],
                officer_id=school["current_officer_id"],
                officer_name=officers.get(school["current_officer_id"], ""),
                completed=agg["completed"],
                required=rule.required_lockdowns,
                next_scheduled=agg["next_scheduled"],
                last_completed=agg["last_completed"],
                status=row_status,
                deadline=deadline,
            )
        )
    return rows


def _get_language() -> str:
    from django.utils.translation import get_language

    return get_language() or ""


def compliance_counts(rows: list[ComplianceRow]) -> list[dict]:
    """[{status, label, badge, count}] in Status.ORDER, zero counts included."""
    counter = Counter(r.status for r in rows)
    return [
        {"status": s, "label": Status.LABELS[s], "badge": Status.BADGES[s], "count": counter.get(s, 0)}
        for s in Status.ORDER
    ]


def compliance_by_officer(rows: list[ComplianceRow]) -> list[dict]:
    """One entry per officer (schools without an officer grouped last): counts per status."""
    groups: dict[tuple[str, int | None], Counter] = {}
    for row in rows:
        groups.setdefault((row.officer_name, row.officer_id), Counter())[row.status] += 1
    result = []
    for (name, officer_id), counter in sorted(groups.items(), key=lambda kv: (kv[0][1] is None, kv[0][0])):
        result.append(
            {
                "officer_id": officer_id,
                "officer_name": name,
                "total": sum(counter.values()),
                "counts": [counter.get(s, 0) for s in Status.ORDER],
            }
        )
    return result


def upcoming_drills(*, user: User | None = None, school_ids=None, today: dt.date | None = None, limit: int = 10):
    """Scheduled drills from today on, for one lead officer or some schools. 1 query."""
    today = today or timezone.localdate()
    qs = Drill.objects.filter(status=Drill.Status.SCHEDULED, occurs_on__gte=today).select_related(
        "school", "kind", "lead_officer"
    )
    if user is not None and school_ids is not None:
        qs = qs.filter(Q(lead_officer=user) | Q(school_id__in=school_ids))
    elif user is not None:
        qs = qs.filter(lead_officer=user)
    return list(qs.order_by("scheduled_for", "pk")[:limit])


def open_followups(*, user: User | None = None, school_ids=None, limit: int = 10):
    from .models import FollowUpAction

    qs = FollowUpAction.objects.open().select_related("drill__school")
    if user is not None and school_ids is not None:
        qs = qs.filter(Q(drill__lead_officer=user) | Q(drill__school_id__in=school_ids))
    elif user is not None:
        qs = qs.filter(drill__lead_officer=user)
    return list(qs.order_by("due_on", "pk")[:limit])
