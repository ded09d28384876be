"""Leaving the unit: what a person still holds, and handing it to others in one transaction."""

from __future__ import annotations

from django.db import transaction

from csu.registry import Holding, app_modules

from .models import User


def holdings(user: User) -> list[Holding]:
    return [holding for module in app_modules("handover") for holding in module.holdings(user)]


def recipients(holding: Holding, *, exclude: User):
    staff = User.objects.filter(is_active=True).exclude(pk=exclude.pk).exclude(role="")
    if holding.recipient_role:
        staff = staff.filter(role=holding.recipient_role)
    return staff.order_by("display_name", "username")


@transaction.atomic
def work_hand_over(*, from_user: User, to_users: dict[str, User], by: User, request=None) -> dict[str, int]:
    """Give each kind of holding (`to_users`: holding key -> new holder) to its new holder. All or nothing."""
    from csu.audit import audit_log
    from csu.models import AuditEvent

    moved: dict[str, int] = {}
    for key, to_user in to_users.items():
        moved[key] = sum(
            module.hand_over(key=key, from_user=from_user, to_user=to_user, by=by) for module in app_modules("handover")
        )
        if moved[key]:
            detail = f"{key}: {moved[key]} -> {to_user}"
            audit_log(request, AuditEvent.Action.HANDOVER, target=from_user, detail=detail, user=by)
    return moved
