"""Events and awareness weeks."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from .base import (
    Period,
    Section,
    Table,
    _bars,
    _compare_table,
    _month_chart,
    _month_counts,
    _month_table,
    _officer_table,
    change,
    key_figures_table,
    key_row,
    num,
)


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
        keys=[
            "events.total",
            "events.awareness_week",
            "events.expected_attendance",
            "events.actual_attendance",
            "events.cancelled",
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
        _("Bar chart: events, month by month; %(total)s in all.") % {"total": num(now.total)},
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
