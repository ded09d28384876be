"""Building iCalendar feeds (the `icalendar` package) from the combined calendar items."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.utils import timezone

from accounts.models import Role, User
from csu.registry import CalendarItem

from .selectors import calendar_collect

FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 400


def feed_items(*, user: User, kind: str | None = None, scope_all: bool = False) -> list[CalendarItem]:
    """What a user's feed holds.

    Everyone: their own items (drills, sessions, meetings, events, action items involving them).
    Coordinator: also every event and committee meeting. Supervisor with `scope_all`: also every drill.
    """
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS)
    kinds = [kind] if kind else None
    items = {i.uid: i for i in calendar_collect(start=start, end=end, user=user, staff=user, kinds=kinds)}
    extra: set[str] = set()
    if user.role == Role.COORDINATOR:
        extra |= {"event", "meeting"}
    if user.role == Role.SUPERVISOR and scope_all:
        extra |= {"drill"}
    if kind:
        extra &= {kind}
    if extra:
        for item in calendar_collect(start=start, end=end, user=user, staff=None, kinds=extra):
            items.setdefault(item.uid, item)
    return sorted(items.values(), key=lambda i: (str(i.start), i.uid))


def render_ics(items: list[CalendarItem], *, request=None) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//CSU//Community Services Unit//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "CSU")
    stamp = timezone.now()
    for item in items:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        event.add("categories", [item.kind])
        if isinstance(item.start, dt.datetime):
            event.add("dtstart", item.start)
            if item.end is not None:
                event.add("dtend", item.end)
        else:
            event.add("dtstart", item.start)
            event.add("dtend", item.end if isinstance(item.end, dt.date) else item.start + dt.timedelta(days=1))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.status == "cancelled":
            event.add("status", "CANCELLED")
        if request is not None and item.url:
            event.add("url", request.build_absolute_uri(item.url))
        cal.add_component(event)
    return cal.to_ical()
