"""Blocks the programs app adds to a school's page (the schools app calls `panels(request, school)`)."""

from __future__ import annotations

from csu.access import readable
from csu.registry import Panel

from .models import Session

RECENT = 5


def panels(request, school) -> list[Panel]:
    """Recent sessions at the school and a 'log a session' link; two queries at most."""
    user = request.user
    if not user.has_perm("programs.view_session"):
        return []
    sessions = readable(Session.objects.active().filter(school=school), user)
    sessions = list(sessions.select_related("program").order_by("-starts_at")[:RECENT])
    return [
        Panel(
            template="programs/panels/school.html",
            context={"school": school, "sessions": sessions, "can_log": user.has_perm("programs.add_session")},
            order=30,
        )
    ]
