"""The security audit trail: `audit_log(request, action, target, detail)`.

Record creation and changes of operational records are kept by django-simple-history (every app adds
`HistoricalRecords()` to its models). This module records the events that are not a row change: sign-ins,
failed sign-ins, lockouts and unlocks, role changes, two-factor enrolment, password changes and report downloads.

How another app records an event (the reports app, when a report file is downloaded)::

    from csu.audit import audit_log
    from csu.models import AuditEvent

    audit_log(request, AuditEvent.Action.REPORT_DOWNLOADED, target=report, detail="annual-2025.pdf")

`target` may be a model instance (stored as "app.Model #pk: str(obj)") or a string. Audit rows can never be
changed or deleted through the application: the model and its QuerySet refuse, and the admin is read-only.
The sign-in events are written by the receivers below (Django's auth signals and django-axes' lockout signal).
"""

from __future__ import annotations

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import DatabaseError, transaction
from django.dispatch import receiver

from .models import AuditEvent

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The client's address as django-axes resolves it (the same proxy settings as the sign-in records)."""
    if request is None:
        return None
    ip = getattr(request, "axes_ip_address", None)
    if not ip:
        from axes.helpers import get_client_ip_address

        ip = get_client_ip_address(request)
    return ip or None


def _target_text(target) -> str:
    if target is None:
        return ""
    if hasattr(target, "_meta") and getattr(target, "pk", None) is not None:
        return f"{target._meta.label} #{target.pk}: {target}"[:300]
    return str(target)[:300]


def _text(value: str) -> str:
    """What an attacker typed may hold NUL, which PostgreSQL refuses in text: shown as \\0 instead."""
    return value.replace("\x00", "\\0")


def audit_log(request, action: str, target=None, detail: str = "", *, user=None, username: str = "") -> AuditEvent:
    """Record one audit event. `user` defaults to the request's signed-in user."""
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not username:
        username = user.get_username()
    # A savepoint: a failing audit insert leaves the caller's transaction usable.
    with transaction.atomic():
        return AuditEvent.objects.create(
            actor=user if user is not None and user.pk else None,
            username=_text(username)[:150],
            action=action,
            target=_text(_target_text(target)),
            detail=_text(str(detail))[:1000],
            ip_address=client_ip(request),
        )


@receiver(user_logged_in, dispatch_uid="csu.audit.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    """The password step. A user who still owes a second factor (a device to verify, or an enrolment their role
    requires) is not signed in yet: that is `password_accepted`, and `otp_verified` or `otp_enrolled` follows."""
    from django_otp import user_has_device

    from accounts.middleware import otp_required_for

    owes = user_has_device(user, confirmed=True) or otp_required_for(user)
    audit_log(request, AuditEvent.Action.PASSWORD_ACCEPTED if owes else AuditEvent.Action.SIGN_IN, user=user)


@receiver(user_logged_out, dispatch_uid="csu.audit.signed_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_log(request, AuditEvent.Action.SIGN_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="csu.audit.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    from django.conf import settings

    if settings.AXES_ENABLED:
        return  # the lockout handler audits it, knowing whether the attempt was counted (accounts.lockout)
    username = str(credentials.get("username", ""))[:150]
    try:
        audit_log(request, AuditEvent.Action.SIGN_IN_FAILED, username=username, user=None)
    except DatabaseError:  # never let auditing turn a wrong password into a 500
        logger.exception("Could not record a failed sign-in for %r", username)


def audit_failed_sign_in(request, *, username: str, refused: bool, lock_started: bool, reason: str = "") -> None:
    """Audit one failed sign-in, writing a bounded number of rows whatever an anonymous client sends.

    - refused while locked: nothing (the attempt was not counted either; the lock's own event stands for it),
      except one `locked_out` event when the per-user-name throttle first refuses a name;
    - a lock starts: one `locked_out` event saying which rule (accounts.lockout), besides the failure itself;
    - a wrong password for an existing account: one `sign_in_failed` event;
    - an unknown user name: at most AXES_UNKNOWN_USER_AUDIT_LIMIT events per address per cool-off; the address
      lock (AXES_IP_FAILURE_LIMIT) stops the rest.
    """
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    username = username[:150]
    try:
        if refused:
            # The per-user-name throttle starts at a refused attempt (the failures were counted from elsewhere):
            # one event per user name and window.
            if (
                reason == "user name"
                and not AuditEvent.objects.filter(
                    action=AuditEvent.Action.LOCKED_OUT,
                    username=username,
                    detail=reason,
                    created_at__gte=timezone.now() - settings.AXES_USERNAME_COOLOFF_TIME,
                ).exists()
            ):
                audit_log(request, AuditEvent.Action.LOCKED_OUT, username=username, user=None, detail=reason)
            return
        known = bool(username) and get_user_model().objects.filter(username=username).exists()
        ip = client_ip(request)
        record = known or (
            AuditEvent.objects.filter(
                action=AuditEvent.Action.SIGN_IN_FAILED,
                ip_address=ip,
                detail="unknown user name",
                created_at__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
            ).count()
            < settings.AXES_UNKNOWN_USER_AUDIT_LIMIT
        )
        if record:
            detail = "" if known else "unknown user name"
            audit_log(request, AuditEvent.Action.SIGN_IN_FAILED, username=username, user=None, detail=detail)
        if lock_started:
            audit_log(request, AuditEvent.Action.LOCKED_OUT, username=username, user=None, detail=reason)
    except DatabaseError:  # never let auditing turn a wrong password into a 500
        logger.exception("Could not record a failed sign-in for %r", username)
