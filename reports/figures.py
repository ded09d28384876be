"""The figures of the annual overview, as a registry of sections.

Each section is a function `(period: Period) -> Section` that reads the database and returns plain numbers and
strings (JSON-serialisable through `Section.as_dict`). The build stores the sections as a snapshot on the report,
so that the web page, the PDF, the XLSX and the CSV all show the same numbers.

Every section starts with a "Key figures" table whose rows are [label, value, previous period, change]. The
previous period is the one a year earlier; when the period is still running ("to date"), the previous period is
cut at the same day so that the comparison is like for like.

Sections implemented now: `schools_coverage`, `calls_for_service`.

Contract of the sections added after the drills / programs / committees / events apps are merged. Each is a
separate function appended to `SECTIONS` by its own app-free code here (no model is read before it exists); each
returns a Section whose first table is "Key figures" with value / previous / change, and where noted a table
by officer and a table by month (with the previous period's column):

- `lockdown_drills` (drills): drills conducted by kind (Lockdown, Hold and Secure, Shelter in Place, others);
  lockdown drills conducted; schools compliant with the yearly requirement (>= DRILLS_REQUIRED_PER_YEAR lockdown
  drills in the school year) as a count and a percentage of schools; schools out of compliance; follow-up
  actions raised and closed (and still open at period end); by officer (drills led) and by month; charts:
  drills by month, compliance by board.
- `school_programs` (programs): sessions and audience (students reached) per program; class series completed
  (e.g. VIP/KIDS series with all sessions delivered); presentation requests received / delivered / declined and
  the median days from request to delivery; by officer and by month; chart: audience per program.
- `safety_patrol` (programs): CAA School Safety Patrol — schools with a patrol, patrollers trained (new /
  returning), exams passed, Patroller of the Year awards.
- `committees` (committees): committees represented, meetings held and attended (attendance rate), action items
  raised / closed / open; by officer (meetings attended).
- `awareness_weeks` (events): events per awareness week and their attendance; other events; by month.
- `placements` (programs): student placements (secondary / post-secondary) and hours completed.
- `activity_by_pillar` (all apps): activity counted by unit pillar (education, inclusion, opportunity,
  functioning families) and by Ontario CSWB area (social development, prevention, risk intervention, incident
  response), from the tags each record carries.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.translation import gettext as _

from accounts.models import User
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
        tz = timezone.get_default_timezone()
        start = timezone.make_aware(dt.datetime.combine(self.start, dt.time.min), tz)
        end = timezone.make_aware(dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min), tz)
        return start, end


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
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    note: str = ""

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
    key = Table(
        key="key_figures",
        title=_("Key figures"),
        columns=key_columns(),
        signed_last=True,
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
    key = Table(
        key="key_figures",
        title=_("Key figures"),
        columns=key_columns(),
        signed_last=True,
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


# --- The registry ---------------------------------------------------------------------------------------

SECTIONS: list[Callable[[Period], Section]] = [schools_coverage, calls_for_service]


def snapshot_is_empty(sections: list[dict]) -> bool:
    """True when every "This period" number of every key-figures table is zero."""
    for section in sections:
        for table in section["tables"]:
            if table["key"] == "key_figures" and any(row[1] for row in table["rows"]):
                return False
    return True
