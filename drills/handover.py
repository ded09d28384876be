"""Scheduled drills a person leads and open follow-ups of drills they led, for the hand-over page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from csu.reassign import reassign
from csu.registry import Holding

from .models import Drill, FollowUpAction

KEY = "drills.scheduled"


def _scheduled(user):
    return Drill.objects.filter(lead_officer=user, status=Drill.Status.SCHEDULED).select_related("school", "kind")


def holdings(user) -> list[Holding]:
    found = []
    drills = tuple(
        (f"{d.kind} · {d.school} · {d.occurs_on:%Y-%m-%d}", reverse("drills:drill_detail", args=[d.pk]))
        for d in _scheduled(user).order_by("scheduled_for")
    )
    if drills:
        found.append(
            Holding(
                KEY,
                _("Scheduled drills to lead"),
                drills,
                recipient_role=Role.OFFICER,
                note=_("The new officer leads each drill; its date and school stay."),
            )  # fmt: skip
        )
    followups = tuple(
        (f"{f.description} · {f.drill.school}", reverse("drills:drill_detail", args=[f.drill_id]))
        for f in FollowUpAction.objects.open()
        .filter(drill__lead_officer=user)
        .select_related("drill__school")
        .order_by("due_on")
    )
    if followups:
        found.append(
            Holding(
                "drills.followups",
                _("Open follow-ups of drills they led"),
                followups,
                transferable=False,
                note=_("Owned at the school: they stay with the drill; review them with the school's new officer."),
            )  # fmt: skip
        )
    return found


def hand_over(*, key, from_user, to_user, by) -> int:
    if key != KEY:
        return 0
    return reassign(_scheduled(from_user), field="lead_officer", to_user=to_user, by=by, reason=_("Handed over"))
