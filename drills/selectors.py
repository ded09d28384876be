"""Read side of drills: the effective year rule and requirements, and the compliance of the schools served.

Compliance of a school year counts the schools the unit served during it (schools.selectors.served: in scope, open
for at least one day of the year up to the day measured, closed ones included), credits each school to the officer
schools.selectors names for that year, and applies the requirements in force that year (`effective_requirements`).
The board, the dashboards and the annual report all read `compliance_rows`, so they agree."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from csu import cache
from schools.models import SchoolYear
from schools.selectors import served

from .models import Drill, DrillKind, DrillRequirement, DrillYearRule


@dataclass(frozen=True)
class Requirement:
    """How many drills of `kind` every school must hold in a school year, and how many of them by the fall deadline."""

    kind: DrillKind
    required: int
    required_by_fall: int

    @property
    def kind_id(self) -> int:
        return self.kind.pk


def _kinds_with_requirements(year: int):
    """Kinds annotated with the counts `year`'s saved rule holds for them (None without a row)."""
    saved = DrillRequirement.objects.filter(rule__school_year=year, kind=OuterRef("pk"))
    return DrillKind.objects.annotate(
        saved_required=Subquery(saved.values("required")[:1]),
        saved_by_fall=Subquery(saved.values("required_by_fall")[:1]),
    )


def effective_requirements(year: int) -> dict[int, Requirement]:
    """{kind id: Requirement} of the kinds `year` requires (required > 0), in the kinds' order. 1 query.

    Each active kind's defaults (`required_per_year`, `required_by_fall`), overridden by the rows the year's saved
    rule holds (DrillRequirement; a row also brings back a kind made inactive since).
    """
    kinds = _kinds_with_requirements(year).filter(Q(active=True) | Q(saved_required__isnull=False))
    result = {}
    for kind in kinds:
        if kind.saved_required is None:
            required, by_fall = kind.required_per_year, kind.required_by_fall
        else:
            required, by_fall = kind.saved_required, kind.saved_by_fall
        if required > 0:
            result[kind.pk] = Requirement(kind=kind, required=required, required_by_fall=min(by_fall, required))
    return result


def required_kind_ids(year: int):
    """The ids of the kinds `year` requires, as a subquery (`kind_id__in=required_kind_ids(year)`): the same kinds
    as `effective_requirements(year)`, without a query of its own."""
    return (
        _kinds_with_requirements(year)
        .filter(Q(saved_required__gt=0) | Q(saved_required__isnull=True, active=True, required_per_year__gt=0))
        .values("pk")
    )


def year_rule(year: int) -> DrillYearRule:
    """The saved rule for `year`, or the defaults (an unsaved row) when supervisors have not set one: its dates and
    reminder settings only. 1 query."""
    return DrillYearRule.objects.filter(school_year=year).first() or DrillYearRule.for_year(year)


def effective_rule(year: int) -> DrillYearRule:
    """`year_rule(year)` with the year's requirements attached as `rule.effective_requirements` (see
    `effective_requirements`). 2 queries."""
    rule = year_rule(year)
    rule.effective_requirements = effective_requirements(year)
    return rule


def rule_requirements(rule: DrillYearRule) -> dict[int, Requirement]:
    """The requirements attached to `rule` by `effective_rule`, or read now (1 query) for a rule without them."""
    requirements = getattr(rule, "effective_requirements", None)
    if requirements is None:
        requirements = rule.effective_requirements = effective_requirements(rule.school_year)
    return requirements


def _year_containing(day: dt.date, rules: dict[int, DrillYearRule]) -> int | None:
    natural = SchoolYear.containing(day)
    for year in (natural, natural + 1, natural - 1):
        rule = rules.get(year) or DrillYearRule.for_year(year)
        if rule.starts_on <= day <= rule.ends_on:
            return year
    return None


def year_containing(day: dt.date) -> int:
    """The school year whose dates hold `day` (a saved rule's dates, else the defaults); the natural school year
    for a day in a summer gap between two rules. 1 query."""
    rules = {r.school_year: r for r in DrillYearRule.objects.all()}
    return _year_containing(day, rules) or SchoolYear.containing(day)


def school_year_of(day: dt.date, *, today: dt.date | None = None) -> int | None:
    """The school year a drill dated `day` belongs to, or None when the date is outside every allowed year.

    Allowed: from the start of the earliest saved rule (or, with no rules saved, the start of the previous
    school year, so that last year's drills may still be entered) up to one year after `today`; and inside the
    year's own start/end (a rule may leave a summer gap). At most 2 queries.
    """
    today = today or timezone.localdate()
    if day > today + dt.timedelta(days=365):
        return None
    return _allowed_year(day, today, {r.school_year: r for r in DrillYearRule.objects.all()})


def _allowed_year(day: dt.date, today: dt.date, rules: dict[int, DrillYearRule]) -> int | None:
    """The rest of `school_year_of` for a `day` at most a year after `today`, the saved `rules` read."""
    if rules:
        earliest = min(r.starts_on for r in rules.values())
    else:
        earliest = SchoolYear.bounds(SchoolYear.containing(today) - 1)[0]
    if day < earliest:
        return None
    return _year_containing(day, rules)


def current_rule(today: dt.date) -> DrillYearRule:
    """`effective_rule` of the school year holding `today` (`school_year_of`; the natural school year in a summer
    gap or before the earliest saved rule). 2 queries: the saved rules are read once, for the year and its rule."""
    rules = {r.school_year: r for r in DrillYearRule.objects.all()}
    year = _allowed_year(today, today, rules) or SchoolYear.containing(today)
    rule = rules.get(year) or DrillYearRule.for_year(year)
    rule.effective_requirements = effective_requirements(year)
    return rule


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


class _StatusDisplay:
    """The label and badge of a row's `status` (Status)."""

    status: str

    @property
    def status_label(self):
        return Status.LABELS[self.status]

    @property
    def badge(self) -> str:
        return Status.BADGES[self.status]


@dataclass
class CompliancePart(_StatusDisplay):
    """One required kind of drill at one school: its count, requirement, status and the deadline measured."""

    kind: DrillKind
    completed: int
    required: int
    status: str
    deadline: dt.date

    @property
    def kind_name(self) -> str:
        return self.kind.name

    @property
    def behind(self) -> bool:
        """Neither met nor covered by scheduled drills: the kinds a reminder names."""
        return self.status not in (Status.COMPLIANT, Status.ON_TRACK)


@dataclass
class ComplianceRow(_StatusDisplay):
    school_id: int
    school_name: str
    board_id: int
    board_code: str
    officer_id: int | None
    officer_name: str
    completed: int  # sum over the required kinds of min(completed, required)
    required: int  # sum of the required kinds' counts
    next_scheduled: dt.datetime | None
    last_completed: dt.date | None
    status: str  # the worst status of the required kinds (Status.ORDER)
    deadline: dt.date  # the deadline of the kind that status comes from
    parts: list[CompliancePart] = field(default_factory=list)  # one per required kind
    open_today: bool = True  # False for a school closed since (it keeps its year's figures, gets no reminder)

    @property
    def parts_behind(self) -> list[CompliancePart]:
        return [p for p in self.parts if p.behind]

    # Built here rather than with {% blocktranslate %} in the table: the board renders 800 rows or more, and two
    # blocktranslate tags a row were a third of its time.
    @property
    def progress_label(self) -> str:
        return gettext("%(done)s of %(required)s") % {"done": self.completed, "required": self.required}

    @property
    def deadline_label(self) -> str:
        return gettext("by %(date)s") % {"date": self.deadline.isoformat()}


def compliance_status(
    *,
    rule: DrillYearRule,
    today: dt.date,
    required: int,
    required_by_fall: int,
    completed: int,
    upcoming_by_fall: int,
    upcoming_by_spring: int,
) -> tuple[str, dt.date]:
    """The compliance status of one school for one kind of drill in one school year, and the deadline it is
    measured against. `compliance_rows` calls it for each kind the year requires; a school's status is the worst
    of them (Status.ORDER).

    Only completed or scheduled drills of that kind dated inside the school year are considered; cancelled drills
    are ignored, and drills of kinds the year does not require count for nothing. A scheduled drill dated before
    `today` that was never logged is stale and ignored too.

    With F = fall deadline, S = spring deadline (both from `rule`), nF = `required_by_fall`, n = `required` (the
    year's count for this kind), C = completed drills of the kind in the year, and "due now" = 0 until F, nF
    after F, n after S:

    - **compliant**: C >= n (the year's requirement is met, whatever the date; always so when n = 0);
    - **overdue**: C < due now (a term deadline passed without its required count; a later drill catches up);
    - otherwise the *next deadline* D is F while C < nF and today <= F, else S, with N = its required count.
      Upcoming = scheduled drills of the kind dated from today up to D.
      - **on track**: C + upcoming >= N (enough drills are scheduled before D);
      - **due soon**: not enough scheduled and D is within the rule's warning window
        (D - today <= unscheduled_warning_days);
      - **not scheduled**: not enough scheduled and D is further away than that.
    """
    if completed >= required:
        return Status.COMPLIANT, rule.spring_deadline
    if today > rule.spring_deadline:
        return Status.OVERDUE, rule.spring_deadline
    if today > rule.fall_deadline and completed < required_by_fall:
        return Status.OVERDUE, rule.fall_deadline
    if completed < required_by_fall and today <= rule.fall_deadline:
        deadline, needed, upcoming = rule.fall_deadline, required_by_fall, upcoming_by_fall
    else:
        deadline, needed, upcoming = rule.spring_deadline, required, upcoming_by_spring
    if completed + upcoming >= needed:
        return Status.ON_TRACK, deadline
    if (deadline - today).days <= rule.unscheduled_warning_days:
        return Status.DUE_SOON, deadline
    return Status.NOT_SCHEDULED, deadline


def compliance_snapshot(year: int) -> tuple[DrillYearRule, list[ComplianceRow]]:
    """`effective_rule(year)` and the compliance of every active school for `year` as of today, in the active
    language: kept in the cache until a drill, school, assignment, rule, kind or user changes (csu.cache,
    topic "compliance"); each caller gets its own copy.

    The dashboards, the board and the school pages all read it, rather than each recounting 800 schools' drills.
    """
    today = timezone.localdate()

    def setup():  # what a drill saved changes nothing of: kept apart, so a drill saved recounts only the drills
        rule = effective_rule(year)
        return rule, _schools_credited(rule=rule, cut=min(today, rule.ends_on))

    def compute():
        rule, schools = cache.memoized("drill_setup", ("compliance-schools", year, today), setup)
        return rule, _compliance_rows(year=year, today=today, rule=rule, schools=schools)

    return cache.memoized("compliance", (year, today, _get_language()), compute)


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
    kept: bool = True,
) -> list[ComplianceRow]:
    """Compliance of the schools served during `year` (see the module), sorted by school name; `officer_id`,
    `board_id`, `status` and `school_ids` (a list) keep some of them.

    As of today with the year's own rule, the rows come from `compliance_snapshot` (kept between requests); for
    another day, another rule or `completed_until`, or with `kept=False` (a caller that keeps its own result and
    needs a few schools: counting them is cheaper than recounting all of them), they are counted now.
    """
    if kept and rule is None and completed_until is None and (today is None or today == timezone.localdate()):
        rows = compliance_snapshot(year)[1]
        return filter_rows(rows, officer_id=officer_id, board_id=board_id, status=status, school_ids=school_ids)
    return _compliance_rows(
        year=year,
        today=today,
        rule=rule,
        officer_id=officer_id,
        board_id=board_id,
        status=status,
        school_ids=school_ids,
        completed_until=completed_until,
    )


def filter_rows(rows, *, officer_id=None, board_id=None, status=None, school_ids=None) -> list[ComplianceRow]:
    """The rows of one officer, board, status or set of schools (each optional), in their order."""
    wanted = None if school_ids is None else set(school_ids)
    return [
        row
        for row in rows
        if (not officer_id or row.officer_id == officer_id)
        and (not board_id or row.board_id == board_id)
        and (not status or row.status == status)
        and (wanted is None or row.school_id in wanted)
    ]


def _compliance_rows(
    *,
    year: int,
    today: dt.date | None = None,
    rule: DrillYearRule | None = None,
    officer_id: int | None = None,
    board_id: int | None = None,
    status: str | None = None,
    school_ids=None,
    completed_until: dt.date | None = None,
    schools: list[dict] | None = None,
) -> list[ComplianceRow]:
    """Compliance of the schools served during `year` (up to the day measured), counted now, sorted by name;
    `schools` (from `_schools_credited`, for the same day) when the caller kept them.

    A school is compliant when it has met the requirement of every kind the year requires (`effective_requirements`);
    its status is the worst of its kinds' statuses, each computed by `compliance_status`.

    `completed_until` counts only the drills completed up to that day (the annual report compares a running year
    with the previous one cut at the same day); by default every completed drill of the year counts.

    Six queries whatever the number of schools and kinds (rule, requirements, schools served, their assignments,
    per-school-and-kind aggregates of the drills of the required kinds, officer names); four
    when `rule` comes from `effective_rule` (its requirements attached); one, the aggregates, with `schools` too.
    """
    today = today or timezone.localdate()
    rule = rule or effective_rule(year)
    requirements = rule_requirements(rule)
    if schools is None:
        cut = min(today, completed_until or today, rule.ends_on)
        schools = _schools_credited(rule=rule, cut=cut, school_ids=school_ids, board_id=board_id)
    school_values = schools
    if officer_id:
        school_values = [s for s in school_values if s["officer_id"] == officer_id]
    if not school_values:
        return []

    completed_q = Q(status=Drill.Status.COMPLETED)
    if completed_until is not None:
        completed_q &= Q(occurs_on__lte=completed_until)
    upcoming_q = Q(status=Drill.Status.SCHEDULED, occurs_on__gte=today)
    aggregates = {}
    if requirements:
        drills = Drill.objects.counting(requirements).between(rule.starts_on, rule.ends_on)
        if officer_id or board_id or school_ids is not None:
            drills = drills.filter(school_id__in=[s["pk"] for s in school_values])
        aggregates = {
            (row["school_id"], row["kind_id"]): row
            for row in drills.values("school_id", "kind_id")
            .order_by()
            .annotate(
                completed=Count("pk", filter=completed_q),
                last_completed=Max("occurs_on", filter=completed_q),
                next_scheduled=Min("scheduled_for", filter=upcoming_q),
                upcoming_by_fall=Count("pk", filter=upcoming_q & Q(occurs_on__lte=rule.fall_deadline)),
                upcoming_by_spring=Count("pk", filter=upcoming_q & Q(occurs_on__lte=rule.spring_deadline)),
            )
        }

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
        parts, last_completed, next_scheduled = [], None, None
        for kind_id, requirement in requirements.items():
            agg = aggregates.get((school["pk"], kind_id), empty)
            part_status, part_deadline = compliance_status(
                rule=rule,
                today=today,
                required=requirement.required,
                required_by_fall=requirement.required_by_fall,
                completed=agg["completed"],
                upcoming_by_fall=agg["upcoming_by_fall"],
                upcoming_by_spring=agg["upcoming_by_spring"],
            )
            parts.append(
                CompliancePart(
                    kind=requirement.kind,
                    completed=agg["completed"],
                    required=requirement.required,
                    status=part_status,
                    deadline=part_deadline,
                )
            )
            if agg["last_completed"] and (last_completed is None or agg["last_completed"] > last_completed):
                last_completed = agg["last_completed"]
            if agg["next_scheduled"] and (next_scheduled is None or agg["next_scheduled"] < next_scheduled):
                next_scheduled = agg["next_scheduled"]
        if parts:
            worst = min(parts, key=lambda p: (Status.ORDER.index(p.status), p.deadline))
            row_status, deadline = worst.status, worst.deadline
        else:  # the year requires no drill at all
            row_status, deadline = Status.COMPLIANT, rule.spring_deadline
        if status and row_status != status:
            continue
        rows.append(
            ComplianceRow(
                school_id=school["pk"],
                school_name=(school["name_fr"] if french and school["name_fr"] else school["name_en"]),
                board_id=school["board_id"],
                board_code=school["board__code"],
                officer_id=school["officer_id"],
                officer_name=school["officer_name"],
                completed=sum(min(p.completed, p.required) for p in parts),
                required=sum(p.required for p in parts),
                next_scheduled=next_scheduled,
                last_completed=last_completed,
                status=row_status,
                deadline=deadline,
                parts=parts,
                open_today=school["closed_on"] is None or school["closed_on"] >= today,
            )
        )
    return rows


def _schools_credited(*, rule: DrillYearRule, cut: dt.date, school_ids=None, board_id=None) -> list[dict]:
    """The schools served from the start of the rule's year to `cut`, by name, each with the officer credited for
    the year (schools.selectors: the officer holding it on the last day it was served) and the officer's name; a
    school closed in the year keeps its drills in its year's compliance. 3 queries."""
    period = served(
        rule.starts_on,
        max(cut, rule.starts_on),
        school_ids=school_ids,
        board_id=board_id,
        fields=("name_en", "name_fr", "board_id", "board__code"),
    )
    officer_ids = set(period.credited.values())
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=officer_ids)} if officer_ids else {}
    schools = []
    for school in period.values:
        officer_id = period.credited.get(school["pk"])
        schools.append({**school, "officer_id": officer_id, "officer_name": names.get(officer_id, "")})
    return schools


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
