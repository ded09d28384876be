"""The shared base of the annual overview's sections: the period, what a section is, and small helpers."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.translation import gettext as _

from accounts.models import User
from csu.dates import local_days
from schools.models import SchoolYear

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
    """A chart axis's month: the abbreviations of the pages' dates ("Jan.", "Sept."; "janv.", "juin", "juill." in
    French, csu/formats/fr_CA/months.py), unambiguous where three letters are not ("jui" is June and July)."""
    return str(MONTHS_AP[month])


# --- What a section is ----------------------------------------------------------------------------------


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]  # cells: str, int or float
    signed_last: bool = False  # the last column is a change (+3 / -2)
    row_keys: list[str] = field(default_factory=list)  # a key-figures table: each row's Figure key


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

    def __post_init__(self):
        # The key-figures table's rows come first, as Figures under the keys the table names (`row_keys`).
        keyed = []
        for table in self.tables:
            for row_key, row in zip(table.row_keys, table.rows, strict=False):
                keyed.append(Figure(key=row_key, label=str(row[0]), this_period=row[1], previous_period=row[2]))
        self.figures = [*keyed, *self.figures]

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


def key_figures_table(*, rows: list, keys: list[str] | None = None) -> Table:
    """The "Key figures" table every section opens with: this period, the previous one and the change. `keys`
    (one per row) are the rows' stable keys in the tidy CSV (docs/report-keys.md): the section then holds them
    as Figures."""
    if keys is not None and len(keys) != len(rows):
        raise ValueError("one key per row")
    return Table(
        key="key_figures",
        title=_("Key figures"),
        columns=key_columns(),
        signed_last=True,
        rows=rows,
        row_keys=list(keys or []),
    )


def _officer_names(ids) -> dict[int, str]:
    return {u.pk: str(u) for u in User.objects.filter(pk__in=set(ids)).only("pk", "display_name", "username")}


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
    detail = "; ".join(pair(label, value) for label, value in shown)
    return Chart(
        key=key,
        title=title,
        caption=f"{intro} {detail or _('none')}.{more}",
        labels=[p[0] for p in shown],
        values=[p[1] for p in shown],
    )


def num(value) -> str:
    """A number in a sentence (a chart's text alternative), in the active language: 136 875 / 1,5 in French."""
    from django.utils.formats import number_format

    if isinstance(value, float):
        return number_format(value, decimal_pos=1 if value % 1 else 0, force_grouping=True)
    return number_format(value, force_grouping=True)


def pair(label, value) -> str:
    """ "Label: value" in a caption; French typography puts a non-breaking space before the colon."""
    return _("%(label)s: %(value)s") % {"label": label, "value": num(value)}


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def report_school_year(period: Period) -> int:
    """The school year the compliance and patrol figures of a period describe: the period's own school year, or
    for a calendar year the school year that ends in it (2024–2025 for 2025)."""
    return period.year if period.kind == SCHOOL else period.year - 1


def _in_period(prefix: str, period: Period) -> Q:
    start, end = period.datetime_bounds()
    return Q(**{f"{prefix}__gte": start, f"{prefix}__lt": end})
