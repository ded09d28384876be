"""Drills for the combined calendar and the iCalendar feeds (built by the events app from these items)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from csu.access import readable
from csu.registry import CalendarItem, CalendarSummary, detail_url, first_per_day

from .models import Drill

KINDS = {"drill": _("Drill")}
DEFAULT_LENGTH = dt.timedelta(minutes=30)


def _drills(*, start: dt.date, end: dt.date, user, staff=None):
    if not user.has_perm("drills.view_drill"):
        return None
    queryset = (
        Drill.objects.exclude(status=Drill.Status.CANCELLED)
        .filter(occurs_on__gte=start, occurs_on__lt=end)
        .select_related("school", "kind", "lead_officer")
        .order_by("occurs_on", "scheduled_for", "pk")
    )
    queryset = readable(queryset, user, staff=staff)
    if staff is not None:
        queryset = queryset.filter(lead_officer_id__in=_ids(staff))
    return queryset


def calendar_items(*, start: dt.date, end: dt.date, user, staff=None) -> Iterator[CalendarItem]:
    """Scheduled and completed drills dated from `start` up to `end` (excluded); cancelled ones are left out.

    `staff` (a user, a user id or an iterable of ids) keeps the drills those officers lead. One query.
    """
    queryset = _drills(start=start, end=end, user=user, staff=staff)
    if queryset is not None:
        yield from (_item(drill) for drill in queryset)


def calendar_summary(*, start: dt.date, end: dt.date, user, staff=None, per_day: int) -> CalendarSummary:
    """The first `per_day` drills of each day and the number of drills per day. Two queries."""
    queryset = _drills(start=start, end=end, user=user, staff=staff)
    if queryset is None:
        return CalendarSummary(items=[], counts={})
    ranked, counts = first_per_day(queryset, "occurs_on", [F("scheduled_for").asc()], per_day)
    return CalendarSummary(items=[_item(drill) for drill in ranked], counts=counts)


def _item(drill: Drill) -> CalendarItem:
    if drill.status == Drill.Status.COMPLETED:
        begins, ends = drill.conducted_start, drill.conducted_end
    else:
        begins, ends = drill.scheduled_for, drill.scheduled_for + DEFAULT_LENGTH
    title = gettext("%(kind)s drill — %(school)s") % {"kind": drill.kind, "school": drill.school}
    if drill.covering:
        title += " " + gettext("(covering)")
    return CalendarItem(
        kind="drill",
        title=title,
        start=begins,
        end=ends,
        url=detail_url("drills:drill_detail", drill.pk),
        uid=f"drill-{drill.pk}@csu",
        staff_ids=(drill.lead_officer_id,),
        location=drill.school.name,
        description=gettext("Lead officer: %(officer)s") % {"officer": drill.lead_officer},
        status=drill.get_status_display(),
    )


def _ids(staff) -> list[int]:
    if isinstance(staff, int):
        return [staff]
    if hasattr(staff, "pk"):
        return [staff.pk]
    return [s.pk if hasattr(s, "pk") else int(s) for s in staff]


__all__: Iterable[str] = ["calendar_items", "calendar_summary"]
