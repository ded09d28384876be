"""Scheduled presentations a person is to give, for the hand-over page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from csu.reassign import reassign
from csu.registry import Holding

from .models import PresentationRequest

KEY = "programs.presentations"


def _scheduled(user):
    return PresentationRequest.objects.filter(assigned_officer=user, status=PresentationRequest.Status.SCHEDULED)


def holdings(user) -> list[Holding]:
    rows = tuple(
        (str(r), reverse("programs:presentationrequest_detail", args=[r.pk]))
        for r in _scheduled(user).select_related("school", "program").order_by("scheduled_for")
    )
    if not rows:
        return []
    return [Holding(KEY, _("Scheduled presentations"), rows, recipient_role=Role.OFFICER)]


def hand_over(*, key, from_user, to_user, by) -> int:
    if key != KEY:
        return 0
    return reassign(_scheduled(from_user), field="assigned_officer", to_user=to_user, by=by, reason=_("Handed over"))
