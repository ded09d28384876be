"""Schools and coverage: schools open during the period, officers, unassigned school-days."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from schools.models import Assignment, School

from .base import (
    CHART_MAX_BARS,
    Chart,
    Period,
    Section,
    Table,
    _officer_names,
    key_figures_table,
    key_row,
    month_label,
    month_short,
)


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
