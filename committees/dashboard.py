import datetime as dt

from django.utils import timezone

from accounts.models import Role
from csu.registry import Panel
from events.weeks import sunday_on_or_before

from .selectors import committees_with_representation_on, meetings_between, overdue_action_items


def _this_week() -> tuple[dt.datetime, dt.datetime]:
    first = sunday_on_or_before(timezone.localdate())
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    return start, start + dt.timedelta(days=7)


def panels(request, role) -> list[Panel]:
    today = timezone.localdate()
    if role == Role.COORDINATOR:
        start, end = _this_week()
        return [
            Panel(
                "committees/panel_coordinator.html",
                {
                    "meetings": list(meetings_between(start, end).order_by("starts_at")[:20]),
                    "overdue": list(overdue_action_items(today)[:20]),
                    "overdue_count": overdue_action_items(today).count(),
                    "today": today,
                },
                order=6,
            )
        ]
    if role == Role.SUPERVISOR:
        committees = list(committees_with_representation_on(today))
        return [Panel("committees/panel_supervisor.html", {"committees": committees, "today": today}, order=40)]
    return []
