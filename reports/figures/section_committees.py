"""Committees: represented on, meetings, action items."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .base import (
    Period,
    Section,
    Table,
    _bars,
    _month_chart,
    _month_counts,
    _month_table,
    _officer_table,
    _percent,
    key_figures_table,
    key_row,
    num,
)


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
    # Action items are dated by their own opened/closed dates (editable: an item typed in later keeps its date).
    items = ActionItem.objects.aggregate(
        opened=Count("pk", filter=Q(opened_on__gte=period.start, opened_on__lte=period.end)),
        closed=Count("pk", filter=Q(closed_on__gte=period.start, closed_on__lte=period.end)),
        still_open=Count(
            "pk", filter=Q(opened_on__lte=period.end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))
        ),
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
        keys=[
            "committees.count",
            "committees.meetings_held",
            "committees.meetings_attended",
            "committees.attendance_percent",
            "committees.action_items_opened",
            "committees.action_items_closed",
            "committees.action_items_open_at_end",
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
        _("Bar chart: committee meetings held, month by month; %(total)s in all.") % {"total": num(now.held)},
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
