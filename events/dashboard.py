import datetime as dt

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from csu.dates import sunday_on_or_before
from csu.registry import Panel

from .models import Event
from .selectors import calendar_collect_summary, calendar_days, calendar_kinds

TODAY_PER_DAY = 8  # a busier day lists its first items and links the rest to the day view


def _today_panel(request) -> Panel:
    """What the signed-in person has on today (drills, sessions, meetings, presentations...), from every calendar
    provider, with the quick action officers need most. Kept in the cache as the month grid is."""
    today = timezone.localdate()
    user = request.user
    window = {"start": today, "end": today + dt.timedelta(days=1), "user": user, "staff": user}
    items, left_out = calendar_collect_summary(**window, per_day=TODAY_PER_DAY)
    (day,) = calendar_days(
        first=today, last=today, items=items, labels=calendar_kinds(), per_day=TODAY_PER_DAY, left_out=left_out
    )
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
