import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext
from django_otp import user_has_device
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


def otp_has_device(user: User) -> bool:
    """True when `user` has a confirmed authenticator (or recovery codes): replacing it needs the second factor."""
    return user_has_device(user, confirmed=True)


def _refuse_unless_verified(user: User, verified: bool) -> None:
    # A session that passed only the password must never replace the factor it has not proved (issue 15).
    if not verified and otp_has_device(user):
        raise PermissionDenied("Replacing a confirmed authenticator needs a session verified by the second factor.")


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
def otp_enrolment_start(*, user: User, verified: bool) -> TOTPDevice:
    """The user's unconfirmed authenticator device (a new secret unless one is already waiting).

    `verified`: the session passed the second factor. Without it only a first enrolment may start.
    """
    _refuse_unless_verified(user, verified)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def _recovery_code() -> str:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud or typed from paper
    return "".join(secrets.choice(alphabet) for _ in range(10))


def _client_ip(request) -> str:
    from csu.audit import client_ip

    return client_ip(request) or "?"


def _otp_notice(*, user: User, key: str, kind: str, template: str, subject, context: dict) -> None:
    """Tell the account's owner by e-mail (the outbox: sent soon, retried if the mail server is down)."""
    from csu.services import enqueue_on_commit, reminder_queue
    from csu.tasks import send_due_reminders

    queued = reminder_queue(
        key=key,
        kind=kind,
        recipient=user,
        subject=subject,
        body=lambda: render_to_string(template, {"user": user, **context}),
    )
    if queued is not None:
        enqueue_on_commit(send_due_reminders)


@transaction.atomic
def otp_enrolment_confirm(
    *, user: User, device: TOTPDevice, code: str, verified: bool, request=None, count: int = 10
) -> list[str] | None:
    """Confirm `device` when `code` is right; returns the new single-use recovery codes, or None.

    Earlier authenticator devices and recovery codes of the user are replaced: one phone, one set of codes.
    Replacing them needs `verified` (the session passed the second factor); the owner is e-mailed.
    """
    from csu.audit import audit_log
    from csu.models import AuditEvent

    _refuse_unless_verified(user, verified)
    if device.user_id != user.pk or device.confirmed or not device.verify_token(code):
        return None
    replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0] > 0
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [_recovery_code() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    detail = "replaced" if replaced else ""
    event = audit_log(request, AuditEvent.Action.OTP_ENROLLED, target=user, user=user, detail=detail)
    _otp_notice(
        user=user,
        key=f"accounts:otp-enrolled:{device.pk}",
        kind="otp_enrolled",
        template="accounts/email/otp_enrolled.txt",
        subject=lambda: gettext("An authenticator app was set up for your CSU account"),
        context={"when": event.created_at, "ip": _client_ip(request)},
    )
    return codes


@transaction.atomic
def otp_reset(*, user: User, by: User, request=None) -> None:
    """An administrator removes `user`'s authenticator and recovery codes; the user enrols again at next sign-in.

    Audited, and the user is e-mailed. Who may reset whom is the view's business (accounts.views).
    """
    from csu.audit import audit_log
    from csu.models import AuditEvent

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    event = audit_log(request, AuditEvent.Action.OTP_RESET, target=user, user=by)
    _otp_notice(
        user=user,
        key=f"accounts:otp-reset:{event.pk}",
        kind="otp_reset",
        template="accounts/email/otp_reset.txt",
        subject=lambda: gettext("Two-factor sign-in was reset on your CSU account"),
        context={"when": event.created_at, "by": by, "ip": _client_ip(request)},
    )


def signin_records_prune(*, now: datetime | None = None) -> dict[str, int]:
    """Delete failed attempts no lockout rule counts any more, and successful sign-in records older than the
    known-address window (accounts.lockout); run by the periodic task accounts.tasks.prune_signin_records."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lte=now - settings.AXES_COOLOFF_TIME).delete()
    log_cutoff = now - timedelta(days=settings.AXES_KNOWN_ADDRESS_DAYS)
    logs, _ = AccessLog.objects.filter(attempt_time__lte=log_cutoff).delete()
    failure_logs, _ = AccessFailureLog.objects.filter(attempt_time__lte=log_cutoff).delete()
    return {"attempts": attempts, "access_logs": logs, "failure_logs": failure_logs}
