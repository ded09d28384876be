"""Schools and coverage: schools open during the period, officers, unassigned school-days."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .base import (
    CHART_MAX_BARS,
    Chart,
    Figure,
    Period,
    Section,
    Table,
    _officer_names,
    key_figures_table,
    key_row,
    month_label,
    month_short,
    num,
    pair,
)


@dataclass
class Coverage:
    schools: int = 0
    officers: int = 0
    unassigned_days: int = 0
    unassigned_by_month: dict = field(default_factory=dict)  # (year, month) -> days
    schools_by_officer: dict = field(default_factory=dict)  # officer id -> set of school ids
    days_by_officer: dict = field(default_factory=dict)  # officer id -> school-days covered
    credited: dict = field(default_factory=dict)  # school id -> officer credited for the period (schools.selectors)

    @property
    def schools_per_officer(self) -> float:
        """The average of the "schools by officer" table (schools.selectors.Served.schools_per_officer)."""
        held = sum(len(ids) for ids in self.schools_by_officer.values())
        return round(held / self.officers, 1) if self.officers else 0.0


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
    """Schools served during the period (schools.selectors.served: in the unit's scope and open for at least one
    day of it), the officers who held them, and the school-days nobody was assigned (counted from the day a school
    opened to the day it closed, within the period). Two queries whatever the number of schools."""
    from schools.selectors import served

    result = Coverage()
    if period.in_future:
        return result
    held = served(period.start, period.end)
    result.schools, result.officers = held.schools, held.officers
    result.schools_by_officer, result.days_by_officer = held.schools_by_officer, held.days_by_officer
    result.credited = held.credited
    for school_id, (first, last) in held.windows.items():
        cursor = first
        for a, b in _merge([(a, b) for _officer, a, b in held.spans.get(school_id, [])]):
            if a > cursor:
                _days_by_month(cursor, a - dt.timedelta(days=1), result.unassigned_by_month)
            cursor = max(cursor, b + dt.timedelta(days=1))
        if cursor <= last:
            _days_by_month(cursor, last, result.unassigned_by_month)
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
        keys=["schools.served", "schools.officers", "schools.per_officer", "schools.unassigned_days"],
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
        % {"detail": "; ".join(pair(row[0], row[1]) for row in shown) or _("none")}
        + more,
        labels=[row[0] for row in shown],
        values=[row[1] for row in shown],
    )
    month_chart = Chart(
        key="unassigned_by_month",
        title=_("Unassigned school-days by month"),
        caption=_("Bar chart: school-days without an assigned officer, month by month; %(total)s in all.")
        % {"total": num(now.unassigned_days)},
        labels=[month_short(m) for _y, m in months],
        values=[row[1] for row in by_month.rows],
        orientation="vertical",
    )
    return Section(
        key="schools_coverage",
        title=_("Schools and coverage"),
        tables=[key, by_officer, by_month],
        figures=[
            Figure(
                key="schools.by_officer",
                label=_("Schools assigned"),
                this_period=row[1],
                previous_period=row[3],
                group=row[0],
            )
            for row in by_officer.rows
        ],
        charts=[officer_chart, month_chart],
        note=_("An unassigned school-day is a day of the period on which an open school had no officer assigned."),
    )
