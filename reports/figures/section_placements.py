"""Student placements."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .base import (
    Period,
    Section,
    Table,
    _compare_table,
    _month_table,
    _officer_table,
    key_figures_table,
    key_row,
)


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
        keys=["placements.under_way", "placements.completed", "placements.hours_completed"],
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
