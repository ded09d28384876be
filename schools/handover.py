"""Open school assignments, for the hand-over page (csu.registry `handover.py`)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from csu.registry import Holding

from .models import Assignment
from .services import assignment_transfer

KEY = "schools.assignments"


def _open(user):
    today = timezone.localdate()
    return (
        Assignment.objects.filter(officer=user).filter(Q(end__isnull=True) | Q(end__gte=today)).select_related("school")
    )


def holdings(user) -> list[Holding]:
    rows = tuple((str(a.school), reverse("schools:school_detail", args=[a.school_id])) for a in _open(user))
    if not rows:
        return []
    return [
        Holding(
            KEY,
            _("Schools assigned"),
            rows,
            recipient_role=Role.OFFICER,
            note=_("The new officer holds each school from today; the current assignment ends yesterday."),
        )
    ]


def hand_over(*, key, from_user, to_user, by) -> int:
    if key != KEY:
        return 0
    moved = 0
    for assignment in _open(from_user):
        if assignment_transfer(school=assignment.school, officer=to_user, start=timezone.localdate(), by=by):
            moved += 1
    return moved
