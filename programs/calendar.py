"""Program sessions for the combined calendar and the iCalendar feeds (built by the events app)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils import timezone

from csu.access import readable
from csu.registry import CalendarItem, CalendarSummary, detail_url, first_per_day, many_to_many_ids

from .models import Session


def _sessions(*, start, end, user, staff=None):
    if not user.has_perm("programs.view_session"):
        return None
    start_dt, end_dt = _as_datetime(start), _as_datetime(end)
    sessions = (
        Session.objects.active()
        .filter(starts_at__gte=start_dt, starts_at__lt=end_dt)
        .select_related("program", "school")
        .order_by("starts_at", "pk")
    )
    sessions = readable(sessions, user)
    if staff is not None:
        staff_id = getattr(staff, "pk", staff)
        sessions = sessions.filter(
            pk__in=Session.officers.through.objects.filter(user_id=staff_id).values("session_id")
        )
    return sessions


def calendar_items(*, start, end, user, staff=None) -> Iterator[CalendarItem]:
    """Active sessions starting in [start, end). `staff` (a user or id) narrows to that officer's sessions.

    Two queries whatever the count: sessions with program/school, and their officers' ids.
    """
    sessions = _sessions(start=start, end=end, user=user, staff=staff)
    if sessions is not None:
        yield from _items(list(sessions))


def calendar_summary(*, start, end, user, staff=None, per_day: int) -> CalendarSummary:
    """The first `per_day` sessions of each local day and the number of sessions per day. Three queries."""
    sessions = _sessions(start=start, end=end, user=user, staff=staff)
    if sessions is None:
        return CalendarSummary(items=[], counts={})
    ranked, counts = first_per_day(sessions, TruncDate("starts_at"), [F("starts_at").asc()], per_day)
    return CalendarSummary(items=_items(list(ranked)), counts=counts)


def _items(sessions: list[Session]) -> list[CalendarItem]:
    officers = many_to_many_ids(Session, "officers", [s.pk for s in sessions])
    return [_item(session, officers.get(session.pk, ())) for session in sessions]


def _item(session: Session, staff_ids: tuple[int, ...]) -> CalendarItem:
    place = session.school.name if session.school_id else f"{session.organisation}, {session.venue}"
    title = f"{session.program.code} · {place}"
    if session.session_number:
        title += f" #{session.session_number}"
    return CalendarItem(
        kind="session",
        title=title,
        start=session.starts_at,
        end=session.starts_at + dt.timedelta(minutes=session.length_minutes),
        url=detail_url("programs:session_detail", session.pk),
        uid=f"session-{session.pk}@csu",
        staff_ids=staff_ids,
        location=place,
        description=" ".join(p for p in (session.grades, session.class_label) if p),
        status=session.status,
    )


def _as_datetime(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(dt.datetime.combine(value, dt.time.min))
