"""Events for the combined calendar and the iCalendar feeds (contract: see committees/calendar.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from csu.dates import local_midnight
from csu.registry import CalendarItem

from .models import Event

KINDS = {"event": _("Event")}


def calendar_items(*, start: dt.date, end: dt.date, user, staff=None) -> list[CalendarItem]:
    if not user.has_perm("events.view_event"):
        return []
    events = (
        Event.objects.overlapping(local_midnight(start), local_midnight(end))
        .select_related("awareness_week")
        .prefetch_related("staff")
        .order_by("starts_at", "pk")
    )
    items = []
    for event in events:
        staff_ids = event.staff_ids()
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
                url=reverse("events:event_detail", args=[event.pk]),
                uid=f"event-{event.pk}@csu",
                staff_ids=staff_ids,
                location=event.location,
                description=description,
                status=event.status,
            )
        )
    return items
