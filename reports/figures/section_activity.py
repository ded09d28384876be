"""Activity by unit pillar and CSWB area."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from .base import (
    Period,
    Section,
    Table,
    _bars,
    change,
    key_figures_table,
    key_row,
)


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
        keys=["activity.tagged_pillar", "activity.tagged_cswb_area"],
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
