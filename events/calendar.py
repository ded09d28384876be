"""Events for the combined calendar and the iCalendar feeds (contract: see committees/calendar.py)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from csu.dates import local_midnight
from csu.registry import CalendarItem, detail_url, many_to_many_ids

from .models import Event

KINDS = {"event": _("Event")}


def calendar_items(*, start: dt.date, end: dt.date, user, staff=None) -> list[CalendarItem]:
    if not user.has_perm("events.view_event"):
        return []
    events = (
        Event.objects.overlapping(local_midnight(start), local_midnight(end))
        .select_related("awareness_week")
        .order_by("starts_at", "pk")
    )
    events = list(events)
    staff_of = many_to_many_ids(Event, "staff", [e.pk for e in events])
    items = []
    for event in events:
        staff_ids = event.staff_ids(staff_of.get(event.pk, ()))
        if staff is not None and staff.pk not in staff_ids:
            continue
        description = event.description
        if event.awareness_week_id:
            description = f"{event.awareness_week}\n{description}".strip()
        items.append(
            CalendarItem(
                kind="event",
                title=event.title,
                start=event.starts_at,
                end=event.ends_at,
                url=detail_url("events:event_detail", event.pk),
                uid=f"event-{event.pk}@csu",
                staff_ids=staff_ids,
                location=event.location,
                description=description,
                status=event.status,
            )
        )
    return items
