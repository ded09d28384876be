from django.utils import timezone

from accounts.models import Role
from csu.registry import Panel

from .selectors import awaiting_response


def panels(request, role) -> list[Panel]:
    """The coordinator's (and a table representative's) list of accepted situations still awaiting a response."""
    if role not in (Role.COORDINATOR, Role.OFFICER) or not request.user.has_perm("situations.change_situation"):
        return []
    rows = awaiting_response(timezone.now())
    return [Panel("situations/panel_awaiting.html", {"awaiting": rows[:20], "awaiting_count": len(rows)}, order=45)]
