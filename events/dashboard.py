import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from csu.registry import Panel

from .models import Event
from .selectors import calendar_collect, calendar_days, calendar_kinds
from .weeks import sunday_on_or_before


def _today_panel(request) -> Panel:
    """What the signed-in person has on today (drills, sessions, meetings, presentations...), from every calendar
    provider, with the quick action officers need most."""
    today = timezone.localdate()
    items = calendar_collect(start=today, end=today + dt.timedelta(days=1), user=request.user, staff=request.user)
    (day,) = calendar_days(first=today, last=today, items=items, labels=calendar_kinds())
    return Panel("events/panel_today.html", {"day": day}, order=1)


def panels(request, role) -> list[Panel]:
    if role == Role.OFFICER:
        now = timezone.now()
        mine = (
            Event.objects.overlapping(now, now + dt.timedelta(days=14))
            .filter(
                Q(lead=request.user) | Q(pk__in=Event.staff.through.objects.filter(user=request.user).values("event"))
            )
            .exclude(status=Event.Status.CANCELLED)
            .select_related("awareness_week")
            .order_by("starts_at")[:10]
        )
        return [_today_panel(request), Panel("events/panel_officer.html", {"events": list(mine)}, order=45)]
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
