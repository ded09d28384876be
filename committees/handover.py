"""Open committee action items a person owns, for the hand-over page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from csu.reassign import reassign
from csu.registry import Holding

from .models import ActionItem

KEY = "committees.action_items"


def _open(user):
    return ActionItem.objects.open().filter(owner=user).select_related("committee")


def holdings(user) -> list[Holding]:
    rows = tuple(
        (
            f"{item.committee} · {item.description[:80]}",
            reverse("committees:committee_detail", args=[item.committee_id]),
        )
        for item in _open(user).order_by("due_on", "pk")
    )
    return [Holding(KEY, _("Open action items"), rows)] if rows else []


def hand_over(*, key, from_user, to_user, by) -> int:
    if key != KEY:
        return 0
    return reassign(_open(from_user), field="owner", to_user=to_user, by=by, reason=_("Handed over"))
