"""Sign-in lockout rules, on top of django-axes' database handler (settings.AXES_HANDLER).

Three rules, each counting the failed sign-ins within its window:

1. A user name *from one address*: AXES_FAILURE_LIMIT failures within AXES_COOLOFF_TIME lock that pair only (axes'
   own rule, AXES_LOCKOUT_PARAMETERS). An attacker elsewhere cannot lock the owner out at their desk.
2. An address, whatever the user names: AXES_IP_FAILURE_LIMIT failures lock the address for the same cool-off.
   This bounds what one anonymous address can write (lock rows, audit rows) while guessing user names.
3. A user name from every address together (a slower throttle for guessing spread over many addresses):
   AXES_USERNAME_FAILURE_LIMIT failures within AXES_USERNAME_COOLOFF_TIME (counted from axes' failure log, one row per
   failure) refuse that user name, except from an address the user signed in from successfully within
   AXES_KNOWN_ADDRESS_DAYS (their usual desk keeps working).

Attempts refused while locked are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so the cool-off
runs from the last counted failure and a locked attacker writes nothing more. Failed sign-ins are audited here
(csu.audit.audit_failed_sign_in): each counted failure for a real account, a few per address for unknown names,
and one `locked_out` event when a lock starts. Old rows are pruned by a periodic task (accounts.tasks).
"""

from __future__ import annotations

import datetime as dt
import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def client_ip_address(request) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE; the audit trail uses it too).

    With TRUSTED_PROXY_COUNT (env AXES_PROXY_COUNT) trusted reverse proxies in front, each appends the address it
    saw to X-Forwarded-For: the client is the entry that many places from the right. Anything a client wrote further
    left is ignored, and without proxies the header is not read at all (REMOTE_ADDR), so nobody picks their own
    address.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def throttle_reason(request, credentials) -> str:
    """Which of rules 2 and 3 refuses this attempt ("address", "user name"), or "" (two or three queries)."""
    username = get_client_username(request, credentials)
    ip = getattr(request, "axes_ip_address", None)
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    if ip:
        by_ip = AccessAttempt.objects.filter(ip_address=ip, attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
        if (by_ip.aggregate(n=Sum("failures_since_start"))["n"] or 0) >= settings.AXES_IP_FAILURE_LIMIT:
            return "address"
    if not username:
        return ""
    # One row per counted failure (an AccessAttempt row only keeps the time of its last failure).
    by_user = AccessFailureLog.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_USERNAME_COOLOFF_TIME
    )
    if by_user.count() >= settings.AXES_USERNAME_FAILURE_LIMIT:
        known = AccessLog.objects.filter(
            username=username,
            ip_address=ip,
            attempt_time__gte=now - dt.timedelta(days=settings.AXES_KNOWN_ADDRESS_DAYS),
        ).exists()
        if not known:
            return "user name"
    return ""


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        limit = settings.AXES_FAILURE_LIMIT
        if pair >= limit:
            request.csu_lock_reason = "user name and address"
            return pair
        reason = throttle_reason(request, credentials)
        if reason:
            request.csu_lock_reason = reason
            return limit
        return pair

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        from csu.audit import audit_failed_sign_in

        if request is None:
            return super().user_login_failed(sender, credentials, request=request, **kwargs)
        # Set by the axes backend before the password was checked: this attempt is refused, not counted.
        refused = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        audit_failed_sign_in(
            request,
            username=str(get_client_username(request, credentials) or ""),
            refused=refused,
            lock_started=not refused and bool(getattr(request, "axes_locked_out", False)),
            reason=getattr(request, "csu_lock_reason", ""),
        )
