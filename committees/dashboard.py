import datetime as dt

from django.utils import timezone

from accounts.models import Role
from csu.dates import sunday_on_or_before
from csu.registry import Panel

from .selectors import committees_with_representation_on, meetings_between, overdue_action_items


def _this_week() -> tuple[dt.datetime, dt.datetime]:
    first = sunday_on_or_before(timezone.localdate())
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    return start, start + dt.timedelta(days=7)


def panels(request, role) -> list[Panel]:
    today = timezone.localdate()
    # Their markup is kept per day until a committee, meeting, action item or representation changes (csu.cache
    # topic "committees").
    if role == Role.COORDINATOR:

        def coordinator() -> dict:
            start, end = _this_week()
            return {
                "meetings": list(meetings_between(start, end).order_by("starts_at")[:20]),
                "overdue": list(overdue_action_items(today)[:20]),
                "overdue_count": overdue_action_items(today).count(),
                "today": today,
            }

        return [Panel("committees/panel_coordinator.html", coordinator, order=6, topic="committees")]
    if role == Role.SUPERVISOR:

        def supervisor() -> dict:
            return {"committees": list(committees_with_representation_on(today)), "today": today}

        return [Panel("committees/panel_supervisor.html", supervisor, order=40, topic="committees")]
    return []
