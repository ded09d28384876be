"""Program sessions for the combined calendar and the iCalendar feeds (built by the events app)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import F
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from csu.access import readable
from csu.registry import CalendarItem, CalendarSummary, detail_url, first_per_day, many_to_many_ids

from .models import PresentationRequest, Session

KINDS = {"session": _("Session"), "presentation": _("Presentation")}
# A booked presentation without a time of day is shown for this long from the start of its day.
PRESENTATION_LENGTH = dt.timedelta(minutes=60)


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
    sessions = readable(sessions, user, staff=staff)
    if staff is not None:
        staff_id = getattr(staff, "pk", staff)
        sessions = sessions.filter(
            pk__in=Session.officers.through.objects.filter(user_id=staff_id).values("session_id")
        )
    return sessions


def calendar_items(*, start, end, user, staff=None) -> Iterator[CalendarItem]:
    """Active sessions starting in [start, end), then booked presentations. `staff` (a user or id) narrows to that
    officer's.

    Two queries whatever the count: sessions with program/school, and their officers' ids.
    """
    sessions = _sessions(start=start, end=end, user=user, staff=staff)
    if sessions is not None:
        yield from _items(list(sessions))
    yield from _presentations(start=start, end=end, user=user, staff=staff)


def calendar_summary(*, start, end, user, staff=None, per_day: int) -> CalendarSummary:
    """The first `per_day` sessions of each local day and the number of sessions per day. Three queries."""
    sessions = _sessions(start=start, end=end, user=user, staff=staff)
    items, counts = [], {}
    if sessions is not None:
        ranked, counts = first_per_day(sessions, TruncDate("starts_at"), [F("starts_at").asc()], per_day)
        items = _items(list(ranked))
    # Booked presentations are few: all of them are listed, and `counts` stays the count of sessions.
    presentations = _presentations(start=start, end=end, user=user, staff=staff)
    return CalendarSummary(items=items + presentations, counts=counts, kind="session")


def _presentations(*, start, end, user, staff=None) -> list[CalendarItem]:
    """Scheduled (not yet delivered) presentation requests booked in [start, end): delivered ones show as their
    session. One query."""
    if not user.has_perm("programs.view_presentationrequest"):
        return []
    requests = (
        PresentationRequest.objects.filter(
            status=PresentationRequest.Status.SCHEDULED, scheduled_for__gte=start, scheduled_for__lt=end
        )
        .select_related("school", "program", "assigned_officer")
        .order_by("scheduled_for", "scheduled_time", "pk")
    )
    if staff is not None:
        requests = requests.filter(assigned_officer_id=getattr(staff, "pk", staff))
    items = []
    for req in requests:
        if req.scheduled_time:
            begins = timezone.make_aware(dt.datetime.combine(req.scheduled_for, req.scheduled_time))
            ends = begins + PRESENTATION_LENGTH
        else:
            begins, ends = req.scheduled_for, req.scheduled_for + dt.timedelta(days=1)
        items.append(
            CalendarItem(
                kind="presentation",
                title=gettext("%(subject)s — %(requester)s") % {"subject": req.subject, "requester": req.requester},
                start=begins,
                end=ends,
                url=detail_url("programs:presentationrequest_detail", req.pk),
                uid=f"presentation-{req.pk}@csu",
                staff_ids=(req.assigned_officer_id,) if req.assigned_officer_id else (),
                location=req.requester,
                description=req.audience_description,
                status=req.status,
            )
        )
    return items


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
