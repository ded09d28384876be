"""The supervisor's dashboard panel of reminders that could not be sent (csu.services.reminders_send_due)."""

from accounts.models import Role
from csu.registry import Panel

from .models import Reminder

FAILED_SHOWN = 20


def panels(request, role) -> list[Panel]:
    if role != Role.SUPERVISOR:
        return []
    failed = Reminder.objects.filter(failed_at__isnull=False)
    rows = list(failed.select_related("recipient").order_by("-failed_at", "-pk")[:FAILED_SHOWN])
    if not rows:
        return []
    return [Panel("csu/panel_failed_reminders.html", {"reminders": rows, "count": failed.count()}, order=5)]
