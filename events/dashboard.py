import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from csu.dates import sunday_on_or_before
from csu.registry import Panel

from .models import Event
from .selectors import calendar_collect_summary, calendar_days, calendar_kinds, calendar_topics

TODAY_PER_DAY = 8  # a busier day lists its first items and links the rest to the day view


def _today_panel(request) -> Panel:
    """What the signed-in person has on today (drills, sessions, meetings, presentations...), from every calendar
    provider, with the quick action officers need most. Kept until one of the providers' rows changes."""
    today = timezone.localdate()
    user = request.user

    def context() -> dict:
        window = {"start": today, "end": today + dt.timedelta(days=1), "user": user, "staff": user}
        items, left_out = calendar_collect_summary(**window, per_day=TODAY_PER_DAY)
        labels = calendar_kinds()
        (day,) = calendar_days(
            first=today, last=today, items=items, labels=labels, per_day=TODAY_PER_DAY, left_out=left_out
        )
        return {"day": day}

    can_record = user.has_perm("schools.add_callforservice")  # the panel's quick action
    return Panel("events/panel_today.html", context, order=1, topic=calendar_topics(), key=(can_record,))


def _officer_events_panel(request) -> Panel:
    """The officer's events from today on, for two weeks: kept for the day until an event changes."""
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    user = request.user

    def context() -> dict:
        mine = (
            Event.objects.overlapping(start, start + dt.timedelta(days=14))
            .filter(Q(lead=user) | Q(pk__in=Event.staff.through.objects.filter(user=user).values("event")))
            .exclude(status=Event.Status.CANCELLED)
            .select_related("awareness_week")
            .order_by("starts_at")[:10]
        )
        return {"events": list(mine)}

    return Panel("events/panel_officer.html", context, order=45, topic="calendar:events")


def panels(request, role) -> list[Panel]:
    if role == Role.OFFICER:
        return [_today_panel(request), _officer_events_panel(request)]
    if role != Role.COORDINATOR:
        return []
    first = sunday_on_or_before(timezone.localdate())
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    events = list(
        Event.objects.overlapping(start, start + dt.timedelta(days=7))
        .select_related("awareness_week", "lead")
        .order_by("starts_at")[:20]
    )
    return [Panel("events/panel_coordinator.html", {"events": events, "first": first}, order=7)]
