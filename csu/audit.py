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


def _client_ip(request) -> str | None:
    if request is None:
        return None
    ip = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
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
            ip_address=_client_ip(request),
        )


@receiver(user_logged_in, dispatch_uid="csu.audit.signed_in")
def _signed_in(sender, request, user, **kwargs) -> None:
    audit_log(request, AuditEvent.Action.SIGN_IN, user=user)


@receiver(user_logged_out, dispatch_uid="csu.audit.signed_out")
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_log(request, AuditEvent.Action.SIGN_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="csu.audit.sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    try:
        audit_log(request, AuditEvent.Action.SIGN_IN_FAILED, username=username, user=None)
    except DatabaseError:  # never let auditing turn a wrong password into a 500
        logger.exception("Could not record a failed sign-in for %r", username)


def _locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit_log(request, AuditEvent.Action.LOCKED_OUT, username=str(username or "")[:150], user=None)


def connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_locked_out, dispatch_uid="csu.audit.locked_out")
