"""Event feedback: the public link (a signed token, no account), saving an answer, and the summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import segno
from django.core import signing
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.safestring import mark_safe

from .models import Feedback

SALT = "engagement.feedback"
# How long after an event ends its feedback link still takes answers: long enough for a handout read at home,
# short enough that a link left on a poster does not gather answers about something else.
FEEDBACK_OPEN_DAYS = 30


def feedback_token(event) -> str:
    return signing.dumps(event.pk, salt=SALT)


def event_from_token(token: str):
    from events.models import Event

    try:
        return Event.objects.filter(pk=signing.loads(token, salt=SALT)).first()
    except signing.BadSignature:
        return None


def feedback_closes_at(event) -> datetime:
    return event.ends_at + timedelta(days=FEEDBACK_OPEN_DAYS)


def feedback_open(event, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) <= feedback_closes_at(event)


def qr_svg(url: str, title: str) -> str:
    # segno writes the SVG from the URL only (no user markup): safe to mark as such (bandit B308/B703, ruff S308).
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, title=title))  # noqa: S308  # nosec B308 B703


@dataclass(frozen=True)
class Summary:
    responses: int
    useful: float | None
    clear: float | None
    recommend_percent: float | None
    comments: tuple[str, ...]


def summary(events) -> Summary:
    """The feedback of one event or a queryset of events, in one aggregate query and one for recent comments."""
    rows = Feedback.objects.filter(event__in=events) if not hasattr(events, "pk") else events.feedback.all()
    figures = rows.aggregate(
        n=Count("pk"), useful=Avg("useful"), clear=Avg("clear"), yes=Count("pk", filter=Q(recommend=True))
    )
    n = figures["n"]
    comments = tuple(rows.exclude(comment="").values_list("comment", flat=True)[:20])
    return Summary(
        responses=n,
        useful=round(figures["useful"], 1) if n else None,
        clear=round(figures["clear"], 1) if n else None,
        recommend_percent=round(100 * figures["yes"] / n, 1) if n else None,
        comments=comments,
    )
