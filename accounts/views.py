import time
from base64 import b32encode

import segno
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from csu.audit import audit_log
from csu.history import recent_changes
from csu.lists import FilteredListView
from csu.models import AuditEvent
from csu.notices import collection_notice

from . import leaving, selectors, services
from .filters import AuditEventFilter, StaffFilter
from .forms import HandoverForm, LanguageForm, OTPCodeForm, OTPSetupCodeForm, SignInForm, UnlockForm
from .middleware import HAS_OTP_DEVICE, LAST_SEEN_AT, otp_required_for
from .models import User


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


def lockout(request, response=None, credentials=None):
    """The page django-axes answers with once a username is locked (AXES_LOCKOUT_CALLABLE)."""
    reason = getattr(request, "csu_lock_reason", "")
    minutes = settings.AXES_USERNAME_COOLOFF_TIME if reason == "user name" else settings.AXES_COOLOFF_TIME
    return render(
        request,
        "accounts/lockout.html",
        {"minutes": int(minutes.total_seconds() // 60)},
        status=429,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_log(self.request, AuditEvent.Action.PASSWORD_CHANGED, target=self.request.user)
        messages.success(self.request, _("Your password was changed. Your other sessions were signed out."))
        return response


def _profile_context(request, **extra) -> dict:
    return {
        "language_form": LanguageForm(instance=request.user),
        "otp_enabled": any(True for _d in devices_for_user(request.user, confirmed=True)),
        "otp_required": otp_required_for(request.user),
        "notice": collection_notice("staff"),
        **extra,
    }


def profile(request):
    return render(request, "accounts/profile.html", _profile_context(request))


@require_POST
def language_set(request):
    """Save the user's language (profile form or the navbar switch) and go back where they came from."""
    form = LanguageForm(request.POST, instance=request.user)
    if form.is_valid():
        form.save()
        language = request.user.language or translation.get_language_from_request(request)
        translation.activate(language)
        messages.success(request, _("Your language choice was saved."))
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = "accounts:profile"
        response = redirect(next_url)
        # The cookie keeps the choice on the sign-in page after signing out (LocaleMiddleware reads it).
        if request.user.language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                request.user.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        else:
            response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        return response
    return render(request, "accounts/profile.html", _profile_context(request, language_form=form), status=400)


def _qr_svg(device) -> str:
    uri = device.config_url  # otpauth://totp/... with OTP_TOTP_ISSUER
    # segno builds the SVG from the URI only (no user HTML); no style attribute, so CSP style-src 'self' holds.
    # Marked safe because it is markup we generated, not user input (bandit B308/B703, ruff S308).
    svg = segno.make(uri, error="m").svg_inline(scale=5, omitsize=False, title=_("Two-factor sign-in QR code"))
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def _secret_groups(device) -> list[str]:
    """The base32 secret in groups of four characters, as authenticator apps show it and people type it."""
    secret = b32encode(device.bin_key).decode()
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def otp_setup(request):
    """Enrol an authenticator app: scan the QR code (or type the secret), confirm with a code, get recovery codes.

    A first enrolment needs the password only. Replacing a confirmed authenticator needs a session that passed
    the second factor: a password-only session is sent to the verify step, and gets no new secret.
    """
    user = request.user
    verified = user.is_verified()
    already_enabled = services.otp_has_device(user)
    if already_enabled and not verified:
        return redirect(f"{reverse('accounts:otp_verify')}?next={reverse('accounts:otp_setup')}")
    device = services.otp_enrolment_start(user=user, verified=verified)
    form = OTPSetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.otp_enrolment_confirm(
            user=user, device=device, code=form.cleaned_data["code"], verified=verified, request=request
        )
        if codes is not None:
            otp_login(request, device)
            request.session[HAS_OTP_DEVICE] = True
            # Shown once, in this response only: never stored in the session or sent again.
            return render(request, "accounts/otp_recovery_codes.html", {"codes": codes})
        form.add_error("code", _("That code is not right. Check the time on your phone and try the newest code."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret_groups": _secret_groups(device),
            "already_enabled": already_enabled,
            "required": otp_required_for(user),
            # A user who must enrol reaches no other page: no navigation that would lead back here.
            "minimal_page": not verified and otp_required_for(user),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def otp_verify(request):
    """Second step of sign-in: the code from the authenticator app or a recovery code."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.user.is_verified():
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect("accounts:otp_setup")
    form = OTPCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices:
            allowed, _why = device.verify_is_allowed()
            if allowed and device.verify_token(form.cleaned_data["code"]):
                otp_login(request, device)
                request.session[HAS_OTP_DEVICE] = True
                audit_log(
                    request,
                    AuditEvent.Action.OTP_VERIFIED,
                    detail="recovery code" if isinstance(device, StaticDevice) else "authenticator app",
                )
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        audit_log(request, AuditEvent.Action.OTP_FAILED)
        form.add_error(
            "code", _("That code is not right. Codes change every 30 seconds; wait for a new one and try again.")
        )
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": next_url, "minimal_page": True},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _resettable_user(request, pk: int) -> User:
    """The user whose two-factor `request.user` may reset: outsiders get 404. Only IT (superusers) reset IT."""
    users = User.objects.filter(is_active=True)
    if not request.user.is_superuser:
        users = users.filter(is_superuser=False)
    return get_object_or_404(users, pk=pk)


@permission_required("otp_totp.view_totpdevice", raise_exception=True)
def twofactor_list(request):
    """Who has two-factor sign-in set up, with a reset for a lost phone."""
    return render(request, "accounts/twofactor_list.html", {"entries": selectors.two_factor_users(viewer=request.user)})


@require_POST
@permission_required("otp_totp.delete_totpdevice", raise_exception=True)
def twofactor_reset(request, pk: int):
    target = _resettable_user(request, pk)
    services.otp_reset(user=target, by=request.user, request=request)
    messages.success(
        request,
        _("Two-factor sign-in of %(user)s was reset. They set up a new authenticator at their next sign-in.")
        % {"user": target},
    )
    return redirect("accounts:twofactor_list")


@permission_required("axes.view_accessattempt", raise_exception=True)
def lockedaccount_list(request):
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).order_by("-attempt_time")
    return render(request, "accounts/lockedaccount_list.html", {"attempts": attempts})


@require_POST
@permission_required("axes.delete_accessattempt", raise_exception=True)
def lockedaccount_unlock(request):
    form = UnlockForm(request.POST)
    if form.is_valid():
        username = form.cleaned_data["username"]
        if axes_reset(username=username):
            audit_log(request, AuditEvent.Action.UNLOCKED, target=username)
            messages.success(request, _("%(username)s can sign in again.") % {"username": username})
        else:
            messages.info(request, _("%(username)s was not locked.") % {"username": username})
    return redirect("accounts:lockedaccount_list")


class AuditEventListView(FilteredListView):
    model = AuditEvent
    filterset_class = AuditEventFilter
    permission_required = "csu.view_auditevent"
    raise_exception = True
    template_name = "accounts/auditevent_list.html"
    sort_fields = {"when": "created_at", "who": "username", "action": "action"}
    default_sort = "-when"
    csv_filename = "audit.csv"
    csv_columns = [
        (gettext_lazy("When"), lambda e: e.created_at),
        (gettext_lazy("Who"), lambda e: e.username),
        (gettext_lazy("Action"), lambda e: e.get_action_display()),
        (gettext_lazy("Target"), lambda e: e.target),
        (gettext_lazy("Detail"), lambda e: e.detail),
        (gettext_lazy("IP address"), lambda e: e.ip_address),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["recent_changes"] = recent_changes(limit=50)
        return context


class StaffListView(FilteredListView):
    """Every account, for a supervisor closing one or handing over someone's work."""

    model = User
    filterset_class = StaffFilter
    permission_required = "accounts.hand_over_work"
    raise_exception = True
    template_name = "accounts/staff_list.html"
    sort_fields = {"name": "display_name", "role": "role", "active": "is_active"}
    default_sort = "name"
    csv_filename = "staff.csv"
    csv_columns = [
        (gettext_lazy("Name"), lambda u: str(u)),
        (gettext_lazy("User name"), lambda u: u.username),
        (gettext_lazy("Role"), lambda u: u.get_role_display()),
        (gettext_lazy("Active"), lambda u: _("yes") if u.is_active else _("no")),
        (gettext_lazy("Signs in with"), lambda u: _("directory") if u.directory_dn else _("local password")),
    ]

    def get_queryset(self):
        return super().get_queryset().filter(is_superuser=False)


def _staff_member(request, pk) -> User:
    return get_object_or_404(User, pk=pk, is_superuser=False)


@permission_required("accounts.hand_over_work", raise_exception=True)
def user_handover(request, pk):
    person = _staff_member(request, pk)
    held = leaving.holdings(person)
    form = HandoverForm(request.POST or None, holdings=held, from_user=person)
    if request.method == "POST" and form.is_valid():
        moved = leaving.work_hand_over(from_user=person, to_users=form.choices(), by=request.user, request=request)
        total = sum(moved.values())
        messages.success(
            request,
            ngettext("%(count)s record handed over.", "%(count)s records handed over.", total) % {"count": total},
        )
        return redirect("accounts:user_handover", pk=person.pk)
    return render(request, "accounts/user_handover.html", {"person": person, "holdings": held, "form": form})


@require_POST
@permission_required("accounts.hand_over_work", raise_exception=True)
def user_deactivate(request, pk):
    person = _staff_member(request, pk)
    if person == request.user:
        messages.error(request, _("You cannot close your own account."))
    elif person.is_active:
        services.user_deactivate(user=person, by=request.user, request=request, reason="supervisor")
        messages.success(request, _("%(name)s can no longer sign in; their calendar feeds stopped.") % {"name": person})
    return redirect("accounts:user_handover", pk=person.pk)


@require_POST
def keepalive(request):
    """ "Stay signed in": a request, so the idle clock starts again (the session middleware checked the limit)."""
    request.session[LAST_SEEN_AT] = int(time.time())
    return JsonResponse({"idle_seconds": settings.SESSION_IDLE_TIMEOUT})
