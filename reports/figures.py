"""The figures of the annual overview, as a registry of sections.

Each section is a function `(period: Period) -> Section` that reads the database and returns plain numbers and
strings (JSON-serialisable through `Section.as_dict`). The build stores the sections as a snapshot on the report,
so that the web page, the PDF, the XLSX and the CSV all show the same numbers.

Every section starts with a "Key figures" table whose rows are [label, value, previous period, change]. The
previous period is the one a year earlier; when the period is still running ("to date"), the previous period is
cut at the same day so that the comparison is like for like.

Sections (in SECTIONS order): `schools_coverage`, `calls_for_service`, `lockdown_drills` (drills: conducted by kind,
compliance of the report's school year through drills.selectors, follow-up actions), `school_programs` (sessions and
audience per program, class series completed, presentation requests), `safety_patrol` (CAA School Safety Patrol of
the report's school year), `committees_section` (committees represented, meetings, action items), `awareness_weeks`
(events per awareness week, attendance, by type), `placements_section` (student placements and hours) and
`activity_by_pillar` (sessions and committee meetings by unit pillar and CSWB area). Each reads its data with a
fixed number of aggregated queries, whatever the number of rows; where it makes sense a section has a table by
officer and a table by month (with the previous period's column).
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext as _

from accounts.models import User
from csu.dates import local_days
from schools.models import Assignment, CallForService, School, SchoolYear

CALENDAR, SCHOOL = "calendar", "school"
# A horizontal bar chart taller than this no longer fits a PDF page; the table beside it lists every row.
CHART_MAX_BARS = 25


# --- Period ---------------------------------------------------------------------------------------------


def _year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    start: dt.date
    end: dt.date  # last day counted: the nominal end, or today while the period is running
    nominal_end: dt.date

    @classmethod
    def of(cls, kind: str, year: int, *, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        if kind == SCHOOL:
            start, nominal_end = SchoolYear.bounds(year)
        elif kind == CALENDAR:
            start, nominal_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        else:
            raise ValueError(f"Unknown period kind {kind!r}")
        return cls(kind=kind, year=year, start=start, end=min(nominal_end, today), nominal_end=nominal_end)

    @property
    def in_future(self) -> bool:
        return self.end < self.start

    @property
    def partial(self) -> bool:
        return self.end < self.nominal_end

    def previous(self) -> Period:
        start, nominal_end = _year_earlier(self.start), _year_earlier(self.nominal_end)
        if self.kind == SCHOOL:
            start, nominal_end = SchoolYear.bounds(self.year - 1)
        return Period(
            kind=self.kind, year=self.year - 1, start=start, end=_year_earlier(self.end), nominal_end=nominal_end
        )

    @property
    def label(self) -> str:
        return SchoolYear.label(self.year) if self.kind == SCHOOL else str(self.year)

    @property
    def days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of each month the period touches, in order."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def datetime_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware datetimes in the local time zone."""
        return local_days(self.start, self.end)


def month_label(year: int, month: int) -> str:
    return f"{MONTHS[month]} {year}"


def month_short(month: int) -> str:
    return str(MONTHS_3[month]).title()


# --- What a section is ----------------------------------------------------------------------------------


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]  # cells: str, int or float
    signed_last: bool = False  # the last column is a change (+3 / -2)


@dataclass
class Chart:
    key: str
    title: str
    caption: str  # the text alternative: says what the bars show and the main numbers
    labels: list[str]
    values: list[float]
    orientation: str = "horizontal"


@dataclass
class Figure:
    """One figure of the machine-readable export: `key` never changes between releases or languages."""

    key: str  # e.g. "drills.conducted"
    label: str
    this_period: int | float | None
    previous_period: int | float | None = None
    group: str = ""  # e.g. the officer's display name or the month; empty for a total

    @property
    def change(self):
        if self.this_period is None or self.previous_period is None:
            return None
        return change(self.this_period, self.previous_period)


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    note: str = ""
    figures: list[Figure] = field(default_factory=list)  # the tidy CSV's rows, with stable keys

    def as_dict(self) -> dict:
        return asdict(self)


def change(value, previous):
    if previous is None:
        return None
    result = value - previous
    return round(result, 1) if isinstance(result, float) else result


def key_row(label: str, value, previous) -> list:
    return [label, value, previous, change(value, previous)]


def key_columns() -> list[str]:
    return [_("Figure"), _("This period"), _("Previous period"), _("Change")]


def key_figures_table(*, rows: list) -> Table:
    """The "Key figures" table every section opens with: this period, the previous one and the change."""
    return Table(key="key_figures", title=_("Key figures"), columns=key_columns(), signed_last=True, rows=rows)


def _officer_names(ids) -> dict[int, str]:
    return {u.pk: str(u) for u in User.objects.filter(pk__in=set(ids)).only("pk", "display_name", "username")}


# --- Schools and coverage -------------------------------------------------------------------------------


@dataclass
class Coverage:
    schools: int = 0
    officers: int = 0
    unassigned_days: int = 0
    unassigned_by_month: dict = field(default_factory=dict)  # (year, month) -> days
    schools_by_officer: dict = field(default_factory=dict)  # officer id -> set of school ids
    days_by_officer: dict = field(default_factory=dict)  # officer id -> school-days covered

    @property
    def schools_per_officer(self) -> float:
        return round(self.schools / self.officers, 1) if self.officers else 0.0


def _merge(spans: list[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _days_by_month(start: dt.date, end: dt.date, into: dict) -> None:
    day = start
    while day <= end:
        last_of_month = dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        stop = min(end, last_of_month)
        into[(day.year, day.month)] = into.get((day.year, day.month), 0) + (stop - day).days + 1
        day = stop + dt.timedelta(days=1)


def coverage(period: Period) -> Coverage:
    """Schools open during the period, the officers assigned to them, and the school-days nobody was assigned.

    A school counts if it is active and not closed, or it closed on or after the period's first day (then its
    days stop at `closed_on`). Two queries whatever the number of schools.
    """
    result = Coverage()
    if period.in_future:
        return result
    schools = dict(
        School.objects.filter(Q(active=True, closed_on__isnull=True) | Q(closed_on__gte=period.start)).values_list(
            "pk", "closed_on"
        )
    )
    result.schools = len(schools)
    spans_by_school: dict[int, list] = defaultdict(list)
    assignments = (
        Assignment.objects.filter(school_id__in=schools.keys(), start__lte=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
        .values_list("school_id", "officer_id", "start", "end")
    )
    for school_id, officer_id, start, end in assignments:
        window_end = min(period.end, schools[school_id] or period.end)
        a, b = max(start, period.start), min(end or window_end, window_end)
        if a > b:
            continue
        spans_by_school[school_id].append((a, b))
        result.schools_by_officer.setdefault(officer_id, set()).add(school_id)
        result.days_by_officer[officer_id] = result.days_by_officer.get(officer_id, 0) + (b - a).days + 1
    result.officers = len(result.schools_by_officer)
    for school_id, closed_on in schools.items():
        window_end = min(period.end, closed_on or period.end)
        cursor = period.start
        for a, b in _merge(spans_by_school.get(school_id, [])):
            if a > cursor:
                _days_by_month(cursor, a - dt.timedelta(days=1), result.unassigned_by_month)
            cursor = max(cursor, b + dt.timedelta(days=1))
        if cursor <= window_end:
            _days_by_month(cursor, window_end, result.unassigned_by_month)
    result.unassigned_days = sum(result.unassigned_by_month.values())
    return result


def schools_coverage(period: Period) -> Section:
    now, before = coverage(period), coverage(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Schools"), now.schools, before.schools),
            key_row(_("Officers assigned to schools"), now.officers, before.officers),
            key_row(_("Schools per officer (average)"), now.schools_per_officer, before.schools_per_officer),
            key_row(_("Unassigned school-days"), now.unassigned_days, before.unassigned_days),
        ],
    )
    names = _officer_names([*now.schools_by_officer, *before.schools_by_officer])
    officer_ids = sorted(set(now.schools_by_officer) | set(before.schools_by_officer), key=lambda i: names[i])
    by_officer = Table(
        key="by_officer",
        title=_("Schools by officer"),
        columns=[_("Officer"), _("Schools assigned"), _("School-days covered"), _("Schools assigned (previous)")],
        rows=[
            [
                names[i],
                len(now.schools_by_officer.get(i, ())),
                now.days_by_officer.get(i, 0),
                len(before.schools_by_officer.get(i, ())),
            ]
            for i in officer_ids
        ],
    )
    months = period.months()
    previous_months = period.previous().months()
    by_month = Table(
        key="by_month",
        title=_("Unassigned school-days by month"),
        columns=[_("Month"), _("Unassigned school-days"), _("Previous period")],
        rows=[
            [
                month_label(y, m),
                now.unassigned_by_month.get((y, m), 0),
                before.unassigned_by_month.get(previous_months[i], 0) if i < len(previous_months) else 0,
            ]
            for i, (y, m) in enumerate(months)
        ],
    )
    assigned = sorted((row for row in by_officer.rows if row[1]), key=lambda row: (-row[1], row[0]))
    shown = assigned[:CHART_MAX_BARS]
    more = (
        _(" The %(shown)s officers with the most schools are shown, of %(total)s; the table lists all.")
        % {"shown": len(shown), "total": len(assigned)}
        if len(assigned) > len(shown)
        else ""
    )
    officer_chart = Chart(
        key="schools_per_officer",
        title=_("Schools assigned per officer"),
        caption=_("Bar chart: number of schools assigned to each officer during the period. %(detail)s")
        % {"detail": "; ".join(f"{row[0]}: {row[1]}" for row in shown) or _("none")}
        + more,
        labels=[row[0] for row in shown],
        values=[row[1] for row in shown],
    )
    month_chart = Chart(
        key="unassigned_by_month",
        title=_("Unassigned school-days by month"),
        caption=_("Bar chart: school-days without an assigned officer, month by month; %(total)s in all.")
        % {"total": now.unassigned_days},
        labels=[month_short(m) for _y, m in months],
        values=[row[1] for row in by_month.rows],
        orientation="vertical",
    )
    return Section(
        key="schools_coverage",
        title=_("Schools and coverage"),
        tables=[key, by_officer, by_month],
        charts=[officer_chart, month_chart],
        note=_("An unassigned school-day is a day of the period on which an open school had no officer assigned."),
    )


# --- Calls for service at schools -----------------------------------------------------------------------


@dataclass
class Calls:
    total: int = 0
    by_category: dict = field(default_factory=dict)
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)


def calls(period: Period) -> Calls:
    """Calls that were not voided, by category, by month (local time) and by responding officer. Three queries."""
    result = Calls()
    if period.in_future:
        return result
    start, end = period.datetime_bounds()
    qs = CallForService.objects.filter(
        status=CallForService.Status.ACTIVE, occurred_at__gte=start, occurred_at__lt=end
    ).order_by()
    result.by_category = dict(qs.values_list("category").annotate(n=Count("pk")))
    result.total = sum(result.by_category.values())
    tz = timezone.get_default_timezone()
    for month, n in qs.annotate(m=TruncMonth("occurred_at", tzinfo=tz)).values_list("m").annotate(n=Count("pk")):
        result.by_month[(month.year, month.month)] = n
    result.by_officer = dict(qs.values_list("responding_officer").annotate(n=Count("pk")))
    return result


def calls_for_service(period: Period) -> Section:
    now, before = calls(period), calls(period.previous())
    key = key_figures_table(
        rows=[key_row(_("Calls for service at schools"), now.total, before.total)],
    )
    categories = CallForService.Category
    by_category = Table(
        key="by_category",
        title=_("Calls by category"),
        columns=[_("Category"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[
            key_row(str(label), now.by_category.get(value, 0), before.by_category.get(value, 0))
            for value, label in categories.choices
        ],
    )
    months, previous_months = period.months(), period.previous().months()
    by_month = Table(
        key="by_month",
        title=_("Calls by month"),
        columns=[_("Month"), _("Calls"), _("Previous period")],
        rows=[
            [
                month_label(y, m),
                now.by_month.get((y, m), 0),
                before.by_month.get(previous_months[i], 0) if i < len(previous_months) else 0,
            ]
            for i, (y, m) in enumerate(months)
        ],
    )
    names = _officer_names([*now.by_officer, *before.by_officer])
    officer_ids = sorted(set(now.by_officer) | set(before.by_officer), key=lambda i: names[i])
    by_officer = Table(
        key="by_officer",
        title=_("Calls by responding officer"),
        columns=[_("Officer"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[key_row(names[i], now.by_officer.get(i, 0), before.by_officer.get(i, 0)) for i in officer_ids],
    )
    used = [row for row in by_category.rows if row[1]]
    category_chart = Chart(
        key="calls_by_category",
        title=_("Calls for service by category"),
        caption=_("Bar chart: calls for service at schools by category; %(total)s in all. %(detail)s")
        % {"total": now.total, "detail": "; ".join(f"{r[0]}: {r[1]}" for r in used)},
        labels=[row[0] for row in by_category.rows],
        values=[row[1] for row in by_category.rows],
    )
    month_chart = Chart(
        key="calls_by_month",
        title=_("Calls for service by month"),
        caption=_("Bar chart: calls for service at schools, month by month; %(total)s in all.") % {"total": now.total},
        labels=[month_short(m) for _y, m in months],
        values=[row[1] for row in by_month.rows],
        orientation="vertical",
    )
    return Section(
        key="calls_for_service",
        title=_("Calls for service at schools"),
        tables=[key, by_category, by_month, by_officer],
        charts=[category_chart, month_chart],
        note=_("Voided calls are not counted. Months follow local time."),
    )


# --- Shared helpers of the sections below ---------------------------------------------------------------


def _month_counts(qs, field_name: str, *, value=None, is_datetime: bool = True) -> dict:
    """{(year, month): value} of a queryset grouped by the month of `field_name` (local time). One query."""
    trunc = TruncMonth(field_name, tzinfo=timezone.get_default_timezone()) if is_datetime else TruncMonth(field_name)
    found = {}
    for month, n in qs.order_by().annotate(m=trunc).values_list("m").annotate(n=value or Count("pk")):
        if month is not None:
            found[(month.year, month.month)] = n or 0
    return found


def _month_table(period: Period, key: str, title: str, column: str, now: dict, before: dict) -> Table:
    months, previous_months = period.months(), period.previous().months()
    return Table(
        key=key,
        title=title,
        columns=[_("Month"), column, _("Previous period")],
        rows=[
            [
                month_label(y, m),
                now.get((y, m), 0),
                before.get(previous_months[i], 0) if i < len(previous_months) else 0,
            ]
            for i, (y, m) in enumerate(months)
        ],
    )


def _month_chart(period: Period, key: str, title: str, caption: str, table: Table) -> Chart:
    return Chart(
        key=key,
        title=title,
        caption=caption,
        labels=[month_short(m) for _y, m in period.months()],
        values=[row[1] for row in table.rows],
        orientation="vertical",
    )


def _officer_table(key: str, title: str, now: dict, before: dict) -> Table:
    """[officer, this period, previous, change] for every officer counted in either period (one query)."""
    ids = {i for i in [*now, *before] if i is not None}
    names = _officer_names(ids)
    return Table(
        key=key,
        title=title,
        columns=[_("Officer"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[
            key_row(names.get(i, str(i)), now.get(i, 0), before.get(i, 0))
            for i in sorted(ids, key=lambda i: names.get(i, ""))
        ],
    )


def _compare_table(key: str, title: str, first_column: str, labels: list[tuple], now: dict, before: dict) -> Table:
    """[label, this period, previous, change] for each (key, label) in `labels`."""
    return Table(
        key=key,
        title=title,
        columns=[first_column, _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[key_row(str(label), now.get(k, 0), before.get(k, 0)) for k, label in labels],
    )


def _bars(key: str, title: str, intro: str, pairs: list[tuple[str, float]], *, keep_zero: bool = False) -> Chart:
    """A horizontal bar chart of (label, value), largest first, cut at CHART_MAX_BARS; the caption lists them."""
    shown = [p for p in pairs if p[1] or keep_zero]
    if not keep_zero:
        shown.sort(key=lambda p: (-p[1], p[0]))
    total = len(shown)
    shown = shown[:CHART_MAX_BARS]
    more = (
        _(" The %(shown)s largest are shown, of %(total)s; the table lists all.")
        % {"shown": len(shown), "total": total}
        if total > len(shown)
        else ""
    )
    detail = "; ".join(
        f"{label}: {value:g}" if isinstance(value, float) else f"{label}: {value}" for label, value in shown
    )
    return Chart(
        key=key,
        title=title,
        caption=f"{intro} {detail or _('none')}.{more}",
        labels=[p[0] for p in shown],
        values=[p[1] for p in shown],
    )


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def report_school_year(period: Period) -> int:
    """The school year the compliance and patrol figures of a period describe: the period's own school year, or
    for a calendar year the school year that ends in it (2024–2025 for 2025)."""
    return period.year if period.kind == SCHOOL else period.year - 1


def _in_period(prefix: str, period: Period) -> Q:
    start, end = period.datetime_bounds()
    return Q(**{f"{prefix}__gte": start, f"{prefix}__lt": end})


# --- Lockdown drills ------------------------------------------------------------------------------------


@dataclass
class Drills:
    total: int = 0
    lockdowns: int = 0
    by_kind: dict = field(default_factory=dict)  # kind id -> drills conducted
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)  # lead officer id -> drills conducted
    followups_raised: int = 0
    followups_closed: int = 0
    followups_open: int = 0
    school_year: int = 0
    schools: int = 0
    compliant: int = 0
    compliance_by_officer: list = field(default_factory=list)  # drills.selectors.compliance_by_officer

    @property
    def compliant_percent(self) -> float:
        return _percent(self.compliant, self.schools)

    @property
    def not_compliant(self) -> int:
        return self.schools - self.compliant


def drills(period: Period, *, with_compliance: bool = True) -> Drills:
    """Completed drills by kind, month and lead officer; follow-up actions; compliance of the report's school year
    (drills.selectors: the drills app's own rule). About ten queries whatever the number of drills and schools."""
    from drills.models import Drill, FollowUpAction
    from drills.selectors import Status, compliance_by_officer, compliance_rows, effective_requirements

    result = Drills(school_year=report_school_year(period))
    if period.in_future:
        return result
    done = Drill.objects.filter(
        status=Drill.Status.COMPLETED, occurs_on__gte=period.start, occurs_on__lte=period.end
    ).order_by()
    result.by_kind = dict(done.values_list("kind").annotate(n=Count("pk")))
    counting = set(effective_requirements(result.school_year))  # the kinds the report's school year requires
    result.total = sum(result.by_kind.values())
    result.lockdowns = sum(n for kind_id, n in result.by_kind.items() if kind_id in counting)
    result.by_month = _month_counts(done, "occurs_on", is_datetime=False)
    result.by_officer = dict(done.values_list("lead_officer").annotate(n=Count("pk")))
    in_period = Q(drill__occurs_on__gte=period.start, drill__occurs_on__lte=period.end)
    followups = FollowUpAction.objects.aggregate(
        raised=Count("pk", filter=in_period),
        closed=Count("pk", filter=Q(resolved_on__gte=period.start, resolved_on__lte=period.end)),
        still_open=Count(
            "pk",
            filter=Q(drill__occurs_on__lte=period.end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=period.end)),
        ),
    )
    result.followups_raised = followups["raised"]
    result.followups_closed = followups["closed"]
    result.followups_open = followups["still_open"]
    if with_compliance:
        rows = compliance_rows(year=result.school_year, today=period.end, completed_until=period.end)
        result.schools = len(rows)
        result.compliant = sum(1 for row in rows if row.status == Status.COMPLIANT)
        result.compliance_by_officer = compliance_by_officer(rows)
    return result


def _compliance_by_officer_rows(entries: list[dict]) -> list[list]:
    from drills.selectors import Status

    compliant_index = Status.ORDER.index(Status.COMPLIANT)
    rows = []
    for entry in entries:
        compliant = entry["counts"][compliant_index]
        rows.append(
            [
                entry["officer_name"] or _("No officer assigned"),
                entry["total"],
                compliant,
                entry["total"] - compliant,
                _percent(compliant, entry["total"]),
            ]
        )
    return rows


def lockdown_drills(period: Period) -> Section:
    from drills.models import DrillKind

    now, before = drills(period), drills(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Drills conducted (all kinds)"), now.total, before.total),
            key_row(_("Lockdown drills conducted"), now.lockdowns, before.lockdowns),
            key_row(_("Drills of other kinds conducted"), now.total - now.lockdowns, before.total - before.lockdowns),
            key_row(_("Schools compliant with the yearly requirement"), now.compliant, before.compliant),
            key_row(_("Schools compliant (%)"), now.compliant_percent, before.compliant_percent),
            key_row(_("Schools not compliant"), now.not_compliant, before.not_compliant),
            key_row(_("Follow-up actions raised"), now.followups_raised, before.followups_raised),
            key_row(_("Follow-up actions closed"), now.followups_closed, before.followups_closed),
            key_row(_("Follow-up actions open at the end of the period"), now.followups_open, before.followups_open),
        ],
    )
    kinds = [
        (k.pk, k.name) for k in DrillKind.objects.all() if k.active or k.pk in now.by_kind or k.pk in before.by_kind
    ]
    by_kind = _compare_table("by_kind", _("Drills conducted by kind"), _("Kind"), kinds, now.by_kind, before.by_kind)
    by_month = _month_table(
        period, "by_month", _("Drills conducted by month"), _("Drills"), now.by_month, before.by_month
    )
    by_officer = _officer_table("by_officer", _("Drills led by officer"), now.by_officer, before.by_officer)
    compliance = Table(
        key="compliance_by_officer",
        title=_("Compliance by officer, school year %(year)s") % {"year": SchoolYear.label(now.school_year)},
        columns=[_("Officer"), _("Schools"), _("Compliant"), _("Not compliant"), _("Compliant (%)")],
        rows=_compliance_by_officer_rows(now.compliance_by_officer),
    )
    month_chart = _month_chart(
        period,
        "drills_by_month",
        _("Drills conducted by month"),
        _(
            "Bar chart: drills conducted (all kinds), month by month; %(total)s in all, of which %(lockdowns)s "
            "lockdowns."
        )
        % {"total": now.total, "lockdowns": now.lockdowns},
        by_month,
    )
    compliance_chart = _bars(
        "compliance_by_officer",
        _("Schools compliant by officer (%)"),
        _("Bar chart: percentage of each officer's schools that met the yearly lockdown requirement."),
        [(row[0], row[4]) for row in compliance.rows],
        keep_zero=True,
    )
    kind_chart = _bars(
        "drills_by_kind",
        _("Drills conducted by kind"),
        _("Bar chart: drills conducted in the period by kind."),
        [(row[0], row[1]) for row in by_kind.rows],
    )
    return Section(
        key="lockdown_drills",
        title=_("Lockdown drills"),
        tables=[key, by_kind, by_month, by_officer, compliance],
        charts=[month_chart, compliance_chart, kind_chart],
        note=_(
            "A drill counts when it was completed in the period; cancelled and scheduled drills do not. Compliance "
            "is measured for the school year %(year)s with the drills app's rules (drills required per kind and "
            "school year), for the schools active today, as of the last day of the period; the previous period's "
            "compliance is that of the school year before. “Lockdown drills conducted” counts the drills of the kinds "
            "that school year requires (lockdowns, unless its rules require other kinds too). Follow-up actions "
            "raised are those of drills dated in the period."
        )
        % {"year": SchoolYear.label(now.school_year)},
    )


# --- School programs ------------------------------------------------------------------------------------


@dataclass
class Programs:
    sessions: int = 0
    audience: int = 0
    sessions_by_program: dict = field(default_factory=dict)
    audience_by_program: dict = field(default_factory=dict)
    series_by_program: dict = field(default_factory=dict)  # class series completed in the period
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)  # sessions each officer delivered (alone or with others)
    series_completed: int = 0
    requests_received: int = 0
    requests_delivered: int = 0
    requests_declined: int = 0
    median_days: float = 0.0


def _series_sessions_before(moment: dt.datetime):
    from programs.models import Session

    count = (
        Session.objects.filter(series=OuterRef("pk"), status=Session.Status.ACTIVE, starts_at__lt=moment)
        .order_by()
        .values("series")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count), Value(0))


def programs(period: Period) -> Programs:
    """Active (not voided) sessions per program, month and officer; class series completed in the period (the
    session that reached the program's minimum number of sessions falls in it); presentation requests. Six
    queries whatever the number of sessions."""
    from programs.models import ClassSeries, PresentationRequest, Session

    result = Programs()
    if period.in_future:
        return result
    start, end = period.datetime_bounds()
    sessions = Session.objects.filter(status=Session.Status.ACTIVE, starts_at__gte=start, starts_at__lt=end).order_by()
    for program_id, n, audience in sessions.values_list("program").annotate(n=Count("pk"), a=Sum("audience_count")):
        result.sessions_by_program[program_id] = n
        result.audience_by_program[program_id] = audience or 0
    result.sessions = sum(result.sessions_by_program.values())
    result.audience = sum(result.audience_by_program.values())
    result.by_month = _month_counts(sessions, "starts_at")
    through = Session.officers.through.objects.filter(
        session__status=Session.Status.ACTIVE, session__starts_at__gte=start, session__starts_at__lt=end
    )
    result.by_officer = dict(through.order_by().values_list("user").annotate(n=Count("session", distinct=True)))
    completed = (
        ClassSeries.objects.filter(pk__in=sessions.filter(series__isnull=False).values("series"))
        .annotate(upto_end=_series_sessions_before(end), before_start=_series_sessions_before(start))
        .filter(upto_end__gte=F("program__sessions_min"), before_start__lt=F("program__sessions_min"))
        .order_by()
        .values_list("program", flat=True)
    )
    for program_id in completed:
        result.series_by_program[program_id] = result.series_by_program.get(program_id, 0) + 1
    result.series_completed = sum(result.series_by_program.values())
    Status = PresentationRequest.Status
    received = Q(received_on__gte=period.start, received_on__lte=period.end)
    counts = PresentationRequest.objects.aggregate(
        received=Count("pk", filter=received), declined=Count("pk", filter=received & Q(status=Status.DECLINED))
    )
    result.requests_received, result.requests_declined = counts["received"], counts["declined"]
    delivered = PresentationRequest.objects.filter(
        status=Status.DELIVERED, session__starts_at__gte=start, session__starts_at__lt=end
    ).values_list("received_on", "session__starts_at")
    days = [(timezone.localdate(when) - received_on).days for received_on, when in delivered]
    result.requests_delivered = len(days)
    result.median_days = round(float(statistics.median(days)), 1) if days else 0.0
    return result


def school_programs(period: Period) -> Section:
    from programs.models import Program

    now, before = programs(period), programs(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Program sessions delivered"), now.sessions, before.sessions),
            key_row(_("Audience reached"), now.audience, before.audience),
            key_row(_("Class series completed"), now.series_completed, before.series_completed),
            key_row(_("Presentation requests received"), now.requests_received, before.requests_received),
            key_row(_("Presentation requests delivered"), now.requests_delivered, before.requests_delivered),
            key_row(_("Presentation requests declined"), now.requests_declined, before.requests_declined),
            key_row(_("Median days from request to delivery"), now.median_days, before.median_days),
        ],
    )
    used = {*now.sessions_by_program, *before.sessions_by_program, *now.series_by_program, *before.series_by_program}
    catalogue = [
        (p.pk, p.name)
        for p in Program.objects.only("pk", "code", "name_en", "name_fr", "active").order_by("name_en", "pk")
        if p.active or p.pk in used
    ]
    by_program = _compare_table(
        "sessions_by_program",
        _("Sessions by program"),
        _("Program"),
        catalogue,
        now.sessions_by_program,
        before.sessions_by_program,
    )
    audience = _compare_table(
        "audience_by_program",
        _("Audience reached by program"),
        _("Program"),
        catalogue,
        now.audience_by_program,
        before.audience_by_program,
    )
    series = _compare_table(
        "series_by_program",
        _("Class series completed by program"),
        _("Program"),
        catalogue,
        now.series_by_program,
        before.series_by_program,
    )
    by_month = _month_table(period, "by_month", _("Sessions by month"), _("Sessions"), now.by_month, before.by_month)
    by_officer = _officer_table("by_officer", _("Sessions by officer"), now.by_officer, before.by_officer)
    program_chart = _bars(
        "sessions_by_program",
        _("Sessions per program"),
        _("Bar chart: program sessions delivered in the period, by program; %(total)s in all.")
        % {"total": now.sessions},
        [(row[0], row[1]) for row in by_program.rows],
    )
    audience_chart = _bars(
        "audience_by_program",
        _("Audience reached per program"),
        _("Bar chart: people reached by program sessions, by program; %(total)s in all.") % {"total": now.audience},
        [(row[0], row[1]) for row in audience.rows],
    )
    month_chart = _month_chart(
        period,
        "sessions_by_month",
        _("Sessions by month"),
        _("Bar chart: program sessions delivered, month by month; %(total)s in all.") % {"total": now.sessions},
        by_month,
    )
    return Section(
        key="school_programs",
        title=_("School programs"),
        tables=[key, by_program, audience, series, by_month, by_officer],
        charts=[program_chart, audience_chart, month_chart],
        note=_(
            "Voided sessions are not counted; a session given by two officers counts once in the totals and once for "
            "each officer. A class series is completed in the period when the session that reached the program's "
            "minimum number of sessions falls in it. Requests received and declined are those received in the "
            "period; requests delivered are those whose session took place in the period, and their median days "
            "from request to delivery (0 when none was delivered)."
        ),
    )


# --- CAA School Safety Patrol ---------------------------------------------------------------------------

PATROL_FIELDS = ("schools", "patrollers", "captains", "trained", "exam_passes", "patroller_noms", "supervisor_noms")


def patrol(school_year: int) -> dict:
    """The patrol figures of one school year (sums over the schools' PatrolYear rows). One query."""
    from programs.models import PatrolYear

    totals = PatrolYear.objects.filter(school_year=school_year).aggregate(
        **{
            f"total_{name}": expression
            for name, expression in (
                ("schools", Count("pk", filter=Q(patrollers__gt=0))),
                ("patrollers", Sum("patrollers")),
                ("captains", Sum("captains")),
                ("trained", Sum("patrollers", filter=Q(training_on__isnull=False))),
                ("exam_passes", Sum("exam_passes")),
                ("patroller_noms", Sum("patroller_of_year_nominations")),
                ("supervisor_noms", Sum("supervisor_of_year_nominations")),
            )
        }
    )
    return {name: totals[f"total_{name}"] or 0 for name in PATROL_FIELDS}


def safety_patrol(period: Period) -> Section:
    from programs.models import PatrolYear

    year = report_school_year(period)
    now, before = (patrol(year), patrol(year - 1)) if not period.in_future else ({}, {})
    labels = [
        ("schools", _("Schools with a patrol")),
        ("patrollers", _("Patrollers")),
        ("captains", _("Patrol captains")),
        ("trained", _("Patrollers trained")),
        ("exam_passes", _("Patrol exam passes")),
        ("patroller_noms", _("Patroller of the Year nominations")),
        ("supervisor_noms", _("Patrol Supervisor of the Year nominations")),
    ]
    key = key_figures_table(
        rows=[key_row(str(label), now.get(name, 0), before.get(name, 0)) for name, label in labels],
    )
    school_year = Period.of(SCHOOL, year, today=max(period.end, period.start))
    training = PatrolYear.objects.filter(school_year__in=[year, year - 1], training_on__isnull=False).order_by()
    by_month_all = _month_counts(training, "training_on", is_datetime=False, value=Sum("patrollers"))
    months = school_year.months() if not period.in_future else []
    by_month = Table(
        key="training_by_month",
        title=_("Patrollers trained by month, school year %(year)s") % {"year": SchoolYear.label(year)},
        columns=[_("Month"), _("Patrollers trained"), _("Previous period")],
        rows=[[month_label(y, m), by_month_all.get((y, m), 0), by_month_all.get((y - 1, m), 0)] for y, m in months],
    )
    return Section(
        key="safety_patrol",
        title=_("CAA School Safety Patrol"),
        tables=[key, by_month],
        note=_(
            "Figures of the school year %(year)s, compared with the school year before. Patrollers trained are the "
            "patrollers of schools whose training date is recorded."
        )
        % {"year": SchoolYear.label(year)},
    )


# --- Committees -----------------------------------------------------------------------------------------


@dataclass
class Committees:
    represented: int = 0
    held: int = 0
    attended: int = 0
    held_by_committee: dict = field(default_factory=dict)
    attended_by_committee: dict = field(default_factory=dict)
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)  # held meetings each staff member attended
    items_opened: int = 0
    items_closed: int = 0
    items_open: int = 0

    @property
    def attendance_rate(self) -> float:
        return _percent(self.attended, self.held)


def committees(period: Period) -> Committees:
    """Committees represented on the last day (committees.selectors), held meetings and the service's attendance,
    action items. Six queries whatever the number of meetings."""
    from committees.models import ActionItem, Meeting
    from committees.selectors import committees_represented_on

    result = Committees()
    if period.in_future:
        return result
    result.represented = committees_represented_on(period.end)
    start, end = period.datetime_bounds()
    held = Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end).order_by()
    for committee_id, n, attended in held.values_list("committee").annotate(
        n=Count("pk", distinct=True), a=Count("pk", distinct=True, filter=Q(attendees__isnull=False))
    ):
        result.held_by_committee[committee_id] = n
        result.attended_by_committee[committee_id] = attended
    result.held = sum(result.held_by_committee.values())
    result.attended = sum(result.attended_by_committee.values())
    result.by_month = _month_counts(held, "starts_at")
    through = Meeting.attendees.through.objects.filter(
        meeting__status=Meeting.Status.HELD, meeting__starts_at__gte=start, meeting__starts_at__lt=end
    )
    result.by_officer = dict(through.order_by().values_list("user").annotate(n=Count("meeting", distinct=True)))
    # Action items carry no creation date: it is the history's creation record, else the meeting that raised it.
    created = ActionItem.history.model.objects.filter(id=OuterRef("pk"), history_type="+").order_by("history_date")
    opened_at = Coalesce(Subquery(created.values("history_date")[:1]), F("meeting__starts_at"))
    items = ActionItem.objects.annotate(opened_at=opened_at).aggregate(
        opened=Count("pk", filter=Q(opened_at__gte=start, opened_at__lt=end)),
        closed=Count("pk", filter=Q(closed_on__gte=period.start, closed_on__lte=period.end)),
        still_open=Count("pk", filter=Q(opened_at__lt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))),
    )
    result.items_opened, result.items_closed, result.items_open = (
        items["opened"],
        items["closed"],
        items["still_open"],
    )
    return result


def committees_section(period: Period) -> Section:
    from committees.models import Committee

    now, before = committees(period), committees(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Committees represented on"), now.represented, before.represented),
            key_row(_("Committee meetings held"), now.held, before.held),
            key_row(_("Committee meetings attended"), now.attended, before.attended),
            key_row(_("Meeting attendance (%)"), now.attendance_rate, before.attendance_rate),
            key_row(_("Action items opened"), now.items_opened, before.items_opened),
            key_row(_("Action items closed"), now.items_closed, before.items_closed),
            key_row(_("Action items open at the end of the period"), now.items_open, before.items_open),
        ],
    )
    ids = {*now.held_by_committee, *before.held_by_committee}
    names = dict(Committee.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    by_committee = Table(
        key="by_committee",
        title=_("Meetings by committee"),
        columns=[_("Committee"), _("Meetings held"), _("Meetings attended"), _("Meetings held (previous)")],
        rows=[
            [
                names[i],
                now.held_by_committee.get(i, 0),
                now.attended_by_committee.get(i, 0),
                before.held_by_committee.get(i, 0),
            ]
            for i in sorted(ids, key=names.get)
        ],
    )
    by_month = _month_table(
        period, "by_month", _("Committee meetings held by month"), _("Meetings"), now.by_month, before.by_month
    )
    by_officer = _officer_table("by_officer", _("Meetings attended by staff member"), now.by_officer, before.by_officer)
    month_chart = _month_chart(
        period,
        "meetings_by_month",
        _("Committee meetings by month"),
        _("Bar chart: committee meetings held, month by month; %(total)s in all.") % {"total": now.held},
        by_month,
    )
    officer_chart = _bars(
        "meetings_by_officer",
        _("Meetings attended by staff member"),
        _("Bar chart: committee meetings each staff member attended."),
        [(row[0], row[1]) for row in by_officer.rows],
    )
    return Section(
        key="committees",
        title=_("Committees"),
        tables=[key, by_committee, by_month, by_officer],
        charts=[month_chart, officer_chart],
        note=_(
            "Committees represented on: active committees with a staff member representing the service on the last "
            "day of the period. A meeting is attended when at least one staff member attended it; scheduled and "
            "cancelled meetings are not counted."
        ),
    )


# --- Events and awareness weeks -------------------------------------------------------------------------


@dataclass
class Events:
    total: int = 0
    cancelled: int = 0
    by_week: dict = field(default_factory=dict)  # week id (None: no awareness week) -> events
    expected_by_week: dict = field(default_factory=dict)
    actual_by_week: dict = field(default_factory=dict)
    by_type: dict = field(default_factory=dict)
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)  # events led

    @property
    def in_weeks(self) -> int:
        return sum(n for week, n in self.by_week.items() if week is not None)

    @property
    def expected(self) -> int:
        return sum(self.expected_by_week.values())

    @property
    def actual(self) -> int:
        return sum(self.actual_by_week.values())


def events(period: Period) -> Events:
    """Events not cancelled, starting in the period: per awareness week with attendance, by type, month and lead.
    Five queries whatever the number of events."""
    from events.models import Event

    result = Events()
    if period.in_future:
        return result
    start, end = period.datetime_bounds()
    in_period = Event.objects.filter(starts_at__gte=start, starts_at__lt=end).order_by()
    result.cancelled = in_period.filter(status=Event.Status.CANCELLED).count()
    qs = in_period.exclude(status=Event.Status.CANCELLED)
    for week_id, n, expected, actual in qs.values_list("awareness_week").annotate(
        n=Count("pk"), e=Sum("expected_attendance"), a=Sum("actual_attendance")
    ):
        result.by_week[week_id] = n
        result.expected_by_week[week_id] = expected or 0
        result.actual_by_week[week_id] = actual or 0
    result.total = sum(result.by_week.values())
    result.by_type = dict(qs.values_list("type").annotate(n=Count("pk")))
    result.by_month = _month_counts(qs, "starts_at")
    result.by_officer = dict(qs.filter(lead__isnull=False).values_list("lead").annotate(n=Count("pk")))
    return result


def awareness_weeks(period: Period) -> Section:
    from events.models import AwarenessWeek, Event

    now, before = events(period), events(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Events"), now.total, before.total),
            key_row(_("Awareness-week events"), now.in_weeks, before.in_weeks),
            key_row(_("Expected attendance"), now.expected, before.expected),
            key_row(_("Actual attendance"), now.actual, before.actual),
            key_row(_("Events cancelled"), now.cancelled, before.cancelled),
        ],
    )
    weeks = [(w.pk, w.name) for w in AwarenessWeek.objects.order_by("name_en")] + [(None, _("No awareness week"))]
    per_week = _compare_table(
        "by_week", _("Events per awareness week"), _("Awareness week"), weeks, now.by_week, before.by_week
    )
    attendance = Table(
        key="attendance_by_week",
        title=_("Attendance per awareness week"),
        columns=[
            _("Awareness week"),
            _("Expected attendance"),
            _("Actual attendance"),
            _("Actual attendance (previous)"),
            _("Change"),
        ],
        signed_last=True,
        rows=[
            [
                str(label),
                now.expected_by_week.get(k, 0),
                now.actual_by_week.get(k, 0),
                before.actual_by_week.get(k, 0),
                change(now.actual_by_week.get(k, 0), before.actual_by_week.get(k, 0)),
            ]
            for k, label in weeks
        ],
    )
    by_type = _compare_table("by_type", _("Events by type"), _("Type"), Event.Type.choices, now.by_type, before.by_type)
    by_month = _month_table(period, "by_month", _("Events by month"), _("Events"), now.by_month, before.by_month)
    by_officer = _officer_table("by_officer", _("Events led by staff member"), now.by_officer, before.by_officer)
    week_chart = _bars(
        "events_by_week",
        _("Events per awareness week"),
        _("Bar chart: events held in each awareness week."),
        [(row[0], row[1]) for row in per_week.rows[:-1]],
        keep_zero=True,
    )
    month_chart = _month_chart(
        period,
        "events_by_month",
        _("Events by month"),
        _("Bar chart: events, month by month; %(total)s in all.") % {"total": now.total},
        by_month,
    )
    return Section(
        key="awareness_weeks",
        title=_("Events and awareness weeks"),
        tables=[key, per_week, attendance, by_type, by_month, by_officer],
        charts=[week_chart, month_chart],
        note=_(
            "Events starting in the period, cancelled ones excepted. Attendance sums the figures recorded on the "
            "events (events without a figure add nothing)."
        ),
    )


# --- Student placements ---------------------------------------------------------------------------------


@dataclass
class Placements:
    active: int = 0
    completed: int = 0
    hours_completed: float = 0.0
    by_level: dict = field(default_factory=dict)  # level -> placements active in the period
    hours_by_level: dict = field(default_factory=dict)  # level -> hours of placements completed in the period
    by_supervisor: dict = field(default_factory=dict)
    by_month: dict = field(default_factory=dict)  # placements under way each month


def placements(period: Period) -> Placements:
    """Placements under way during the period (overlapping it) and those completed in it with their hours.
    One query (placements are few)."""
    from programs.models import Placement

    result = Placements()
    if period.in_future:
        return result
    rows = Placement.objects.filter(starts_on__lte=period.end, ends_on__gte=period.start).values_list(
        "level", "starts_on", "ends_on", "hours", "supervisor_id"
    )
    months = period.months()
    for level, starts_on, ends_on, hours, supervisor_id in rows:
        result.active += 1
        result.by_level[level] = result.by_level.get(level, 0) + 1
        result.by_supervisor[supervisor_id] = result.by_supervisor.get(supervisor_id, 0) + 1
        if ends_on <= period.end:
            result.completed += 1
            result.hours_by_level[level] = result.hours_by_level.get(level, 0.0) + float(hours)
        for y, m in months:
            if (starts_on.year, starts_on.month) <= (y, m) <= (ends_on.year, ends_on.month):
                result.by_month[(y, m)] = result.by_month.get((y, m), 0) + 1
    result.hours_by_level = {level: round(h, 1) for level, h in result.hours_by_level.items()}
    result.hours_completed = round(sum(result.hours_by_level.values()), 1)
    return result


def placements_section(period: Period) -> Section:
    from programs.models import Placement

    now, before = placements(period), placements(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Student placements under way"), now.active, before.active),
            key_row(_("Student placements completed"), now.completed, before.completed),
            key_row(_("Placement hours completed"), now.hours_completed, before.hours_completed),
        ],
    )
    levels = Placement.Level.choices
    by_level = _compare_table("by_level", _("Placements by level"), _("Level"), levels, now.by_level, before.by_level)
    hours = Table(
        key="hours_by_level",
        title=_("Hours of placements completed, by level"),
        columns=[_("Level"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[
            key_row(str(label), now.hours_by_level.get(k, 0.0), before.hours_by_level.get(k, 0.0))
            for k, label in levels
        ],
    )
    by_month = _month_table(
        period, "by_month", _("Placements under way by month"), _("Placements"), now.by_month, before.by_month
    )
    by_supervisor = _officer_table(
        "by_supervisor", _("Placements by supervising staff member"), now.by_supervisor, before.by_supervisor
    )
    return Section(
        key="placements",
        title=_("Student placements"),
        tables=[key, by_level, hours, by_month, by_supervisor],
        note=_(
            "A placement is under way in the period when its dates overlap it, and completed when it ended in the "
            "period; its hours count when it is completed."
        ),
    )


# --- Activity by unit pillar and CSWB area --------------------------------------------------------------


@dataclass
class Activity:
    sessions: dict = field(default_factory=dict)  # (pillar, cswb area) -> sessions
    meetings: dict = field(default_factory=dict)  # (pillar, cswb area) -> committee meetings held

    def by(self, index: int, source: dict) -> dict:
        found: dict = {}
        for tags, n in source.items():
            found[tags[index] or ""] = found.get(tags[index] or "", 0) + n
        return found


def activity(period: Period) -> Activity:
    """Sessions (tagged through their program) and held committee meetings (through their committee), by unit
    pillar and CSWB area. Events carry no tag. Two queries."""
    from committees.models import Meeting
    from programs.models import Session

    result = Activity()
    if period.in_future:
        return result
    start, end = period.datetime_bounds()
    sessions = Session.objects.filter(status=Session.Status.ACTIVE, starts_at__gte=start, starts_at__lt=end)
    for pillar, area, n in (
        sessions.order_by().values_list("program__pillar", "program__cswb_area").annotate(n=Count("pk"))
    ):
        result.sessions[(pillar, area)] = n
    meetings = Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end)
    for pillar, area, n in (
        meetings.order_by().values_list("committee__pillar", "committee__cswb_area").annotate(n=Count("pk"))
    ):
        result.meetings[(pillar, area)] = n
    return result


def _tag_table(key: str, title: str, heading: str, choices, index: int, now: Activity, before: Activity) -> Table:
    sessions, meetings = now.by(index, now.sessions), now.by(index, now.meetings)
    previous = {
        k: before.by(index, before.sessions).get(k, 0) + before.by(index, before.meetings).get(k, 0)
        for k in {*before.by(index, before.sessions), *before.by(index, before.meetings)}
    }
    rows = []
    for value, label in [*choices, ("", _("Not tagged"))]:
        total = sessions.get(value, 0) + meetings.get(value, 0)
        rows.append(
            [str(label), sessions.get(value, 0), meetings.get(value, 0), total, previous.get(value, 0)]
            + [change(total, previous.get(value, 0))]
        )
    return Table(
        key=key,
        title=title,
        columns=[
            heading,
            _("Program sessions"),
            _("Committee meetings"),
            _("Activities"),
            _("Activities (previous)"),
            _("Change"),
        ],
        signed_last=True,
        rows=rows,
    )


def activity_by_pillar(period: Period) -> Section:
    from csu.choices import CswbArea, Pillar

    now, before = activity(period), activity(period.previous())
    by_pillar = _tag_table("by_pillar", _("Activity by unit pillar"), _("Pillar"), Pillar.choices, 0, now, before)
    by_area = _tag_table("by_cswb_area", _("Activity by CSWB area"), _("CSWB area"), CswbArea.choices, 1, now, before)

    def tagged(table: Table, column: int) -> int:
        return sum(row[column] for row in table.rows[:-1])  # the last row is "Not tagged"

    key = key_figures_table(
        rows=[
            key_row(_("Activities tagged with a pillar"), tagged(by_pillar, 3), tagged(by_pillar, 4)),
            key_row(_("Activities tagged with a CSWB area"), tagged(by_area, 3), tagged(by_area, 4)),
        ],
    )
    pillar_chart = _bars(
        "activity_by_pillar",
        _("Activity by unit pillar"),
        _("Bar chart: program sessions and committee meetings by the unit pillar they serve."),
        [(row[0], row[3]) for row in by_pillar.rows[:-1]],
        keep_zero=True,
    )
    area_chart = _bars(
        "activity_by_cswb_area",
        _("Activity by CSWB area"),
        _("Bar chart: program sessions and committee meetings by Ontario Community Safety and Well-Being area."),
        [(row[0], row[3]) for row in by_area.rows[:-1]],
        keep_zero=True,
    )
    return Section(
        key="activity_by_pillar",
        title=_("Pillars and CSWB areas"),
        tables=[key, by_pillar, by_area],
        charts=[pillar_chart, area_chart],
        note=_(
            "Program sessions take the pillar and CSWB area of their program, committee meetings held those of their "
            "committee; events carry no such tag and are not counted here."
        ),
    )


# --- The registry ---------------------------------------------------------------------------------------

SECTIONS: list[Callable[[Period], Section]] = [
    schools_coverage,
    calls_for_service,
    lockdown_drills,
    school_programs,
    safety_patrol,
    committees_section,
    awareness_weeks,
    placements_section,
    activity_by_pillar,
]


def snapshot_is_empty(sections: list[dict]) -> bool:
    """True when every "This period" number of every key-figures table is zero."""
    for section in sections:
        for table in section["tables"]:
            if table["key"] == "key_figures" and any(row[1] for row in table["rows"]):
                return False
    return True
