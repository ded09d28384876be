import secrets

from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role, User


@transaction.atomic
def user_set_role(*, user: User, role: str, by: User | None = None, request=None) -> User:
    """Give `user` exactly one role group (or none for `""`), recording the role on the user.

    A change of role is written to the audit trail (who changed it when `by` or `request` is given).
    """
    from csu.audit import audit_log
    from csu.models import AuditEvent

    if role and role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    previous = User.objects.filter(pk=user.pk).values_list("role", flat=True).first() or ""
    user.role = role
    user.save(update_fields=["role"])
    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    if role:
        user.groups.add(Group.objects.get(name=role))
    if previous != role:
        audit_log(
            request, AuditEvent.Action.ROLE_CHANGED, target=user, detail=f"{previous or '-'} -> {role or '-'}", user=by
        )
    return user


@transaction.atomic
def user_deactivate(*, user: User, reason: str = "", by: User | None = None, request=None) -> User:
    """Close an account: it can no longer sign in and its calendar feeds stop (revoked for good: a later
    reactivation does not bring them back). What the person still holds is listed by `accounts.handover`."""
    from django.utils import timezone

    from csu.audit import audit_log
    from csu.models import AuditEvent

    from .models import CalendarToken

    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_log(request, AuditEvent.Action.USER_DEACTIVATED, target=user, detail=reason, user=by)
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return user


@transaction.atomic
def otp_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device (a new secret unless one is already waiting)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from paper
    return "".join(secrets.choice(alphabet) for _ in range(10))


@transaction.atomic
def otp_enrolment_confirm(*, user: User, device: TOTPDevice, code: str, count: int = 10) -> list[str] | None:
    """Confirm `device` when `code` is right; returns the new single-use recovery codes, or None.

    Earlier authenticator devices and recovery codes of the user are replaced: one phone, one set of codes.
    """
    from csu.audit import audit_log
    from csu.models import AuditEvent

    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [_recovery_code() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    audit_log(None, AuditEvent.Action.OTP_ENROLLED, target=user, user=user)
    return codes
