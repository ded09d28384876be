import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

SIGNED_IN_AT = "csu_signed_in_at"
LAST_SEEN_AT = "csu_last_seen_at"
# Writing the session on every request would cost a query each time; a minute of slack is harmless.
_TOUCH_EVERY = 60


class UserLanguageMiddleware:
    """Use the signed-in user's saved language choice, whatever the browser asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


HAS_OTP_DEVICE = "csu_has_otp_device"


def session_times_start(request) -> None:
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN_AT] = now


def on_signed_in(sender, request, user, **kwargs) -> None:
    """At sign-in: start the session clocks and note whether the user owes a second factor (one query here
    rather than one on every request)."""
    from django_otp import user_has_device

    if request is None or not hasattr(request, "session"):
        return
    session_times_start(request)
    request.session[HAS_OTP_DEVICE] = user_has_device(user, confirmed=True)


class SessionTimeoutMiddleware:
    """Sign the user out after SESSION_IDLE_TIMEOUT idle seconds or SESSION_ABSOLUTE_TIMEOUT after sign-in.

    The sign-in time is stored in the session at sign-in (accounts.apps connects `user_logged_in`); a session
    without it (made before this middleware existed) starts counting now.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            signed_in = request.session.get(SIGNED_IN_AT)
            last_seen = request.session.get(LAST_SEEN_AT)
            if signed_in is None or last_seen is None:
                session_times_start(request)
            elif _expired(now - last_seen, settings.SESSION_IDLE_TIMEOUT) or _expired(
                now - signed_in, settings.SESSION_ABSOLUTE_TIMEOUT
            ):
                from csu.audit import audit_log
                from csu.models import AuditEvent

                idle = _expired(now - last_seen, settings.SESSION_IDLE_TIMEOUT)
                audit_log(request, AuditEvent.Action.SESSION_EXPIRED, detail="idle" if idle else "absolute limit")
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
                    % {"minutes": settings.SESSION_IDLE_TIMEOUT // 60}
                    if idle
                    else _("Your session reached its time limit. Please sign in again."),
                )
                return redirect_to_login(request.get_full_path())
            elif now - last_seen >= _TOUCH_EVERY:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)


def _expired(elapsed: int, limit: int) -> bool:
    """A limit of 0 is off."""
    return bool(limit) and elapsed > limit


# Pages a signed-in user who still owes a second factor may reach. Not `set_language`: it is the anonymous
# visitors' switch (signed-in users post to accounts:language_set), and such a session reaches only these pages.
_OTP_EXEMPT_URL_NAMES = {
    "accounts:otp_verify",
    "accounts:otp_setup",
    "accounts:logout",
    "accounts:login",
    "health",
}


def otp_required_for(user) -> bool:
    """True when the setting OTP_REQUIRED_FOR makes two-factor sign-in compulsory for `user`."""
    required = set(settings.OTP_REQUIRED_FOR)
    return bool((user.is_superuser and "superuser" in required) or (user.role and user.role in required))


class OTPRequiredMiddleware:
    """A session signed in with the password only reaches nothing but the code/enrolment pages when the user has
    a confirmed device (they must type a code) or OTP_REQUIRED_FOR names their role (they must enrol first).

    Runs after django_otp's OTPMiddleware (request.user.is_verified). The admin is covered too: it is just
    another protected path.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in _OTP_EXEMPT_URL_NAMES or request.path.startswith(settings.STATIC_URL):
            return None
        has_device = request.session.get(HAS_OTP_DEVICE)
        if has_device is None:
            from django_otp import user_has_device

            has_device = request.session[HAS_OTP_DEVICE] = user_has_device(user, confirmed=True)
        if has_device:
            return redirect(f"{_reverse('accounts:otp_verify')}?next={request.get_full_path()}")
        if otp_required_for(user):
            return redirect("accounts:otp_setup")
        return None


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
