"""What keeps the public pages usable and the database clean without an outside CAPTCHA service: a limit of
submissions per address (Django's cache), a honeypot field people never see, and a signed time stamp that
refuses forms sent back faster than any person (a robot posts at once) or long after they were shown."""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

STAMP_SALT = "engagement.form-stamp"
# One second: three taps on a phone (the feedback form) take a person about two; robots post in milliseconds.
MIN_SECONDS, MAX_SECONDS = 1, 24 * 3600


def client_address(request) -> str:
    """The address the limit counts: the sign-in lockout's (accounts.lockout), which reads X-Forwarded-For only
    as far as TRUSTED_PROXY_COUNT allows, so that people behind the proxy are not counted as one."""
    from accounts.lockout import client_ip_address

    return client_ip_address(request) or "unknown"


def window_minutes() -> int:
    """PUBLIC_RATE_WINDOW in whole minutes (rounded up), for the page that says when to try again."""
    return max(1, -(-settings.PUBLIC_RATE_WINDOW // 60))


def over_limit(request, bucket: str) -> bool:
    """Count one submission from this address; True once it passed PUBLIC_RATE_LIMIT in the window."""
    key = f"public-rate:{bucket}:{client_address(request)}"
    cache.add(key, 0, timeout=settings.PUBLIC_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.PUBLIC_RATE_WINDOW)
        count = 1
    return count > settings.PUBLIC_RATE_LIMIT


class HumanCheckForm(forms.Form):
    """Mixed into every public form."""

    website = forms.CharField(  # the honeypot
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = signing.dumps(time.time(), salt=STAMP_SALT)

    def clean(self):
        data = super().clean()
        refused = forms.ValidationError(_("This form could not be accepted. Please try again."), code="spam")
        if data.get("website"):
            raise refused
        try:
            shown_at = float(signing.loads(data.get("stamp", ""), salt=STAMP_SALT))
        except (signing.BadSignature, TypeError, ValueError):
            raise refused from None
        age = time.time() - shown_at
        if age > MAX_SECONDS:
            raise forms.ValidationError(_("This form is too old: reload the page and fill it in again."))
        if age < MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "This form was sent a moment too soon after it was shown. Your answers are kept: check "
                    "them and press the button again."
                )
            )
        return data
