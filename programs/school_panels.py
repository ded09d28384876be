"""Blocks the programs app adds to a school's page (the schools app calls `panels(request, school)`)."""

from __future__ import annotations

from csu.access import readable
from csu.registry import Panel

from .models import Session

RECENT = 5


def panels(request, school) -> list[Panel]:
    """Recent sessions at the school and a 'log a session' link: kept until a session (or what a row shows)
    changes; one query on a miss."""
    user = request.user
    if not user.has_perm("programs.view_session"):
        return []
    can_log = user.has_perm("programs.add_session")

    def context() -> dict:
        sessions = readable(Session.objects.active().filter(school=school), user, school=school)
        sessions = sessions.select_related("program").order_by("-starts_at")[:RECENT]
        return {"school": school, "sessions": list(sessions), "can_log": can_log}

    return [Panel("programs/panels/school.html", context, order=30, topic="sessions", key=(school.pk, can_log))]
