"""Forms completed with the keyboard only (Tab, typing, Enter): no mouse, focus visible at every stop.

Another form is one short test: sign in, go to its page, call complete_form_by_keyboard with its labels.
"""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

from .browser import PHONE, complete_form_by_keyboard, new_context, sign_in_by_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_with_the_keyboard_only(demo, browser, live_server, settings):
    context = new_context(browser)
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    stops = complete_form_by_keyboard(
        page, {"Username": "officer1", "Password": settings.DEMO_PASSWORD}, submit="Sign in"
    )
    assert page.url.endswith(reverse("dashboard_role", args=["officer"])), stops
    context.close()


def test_sign_in_in_french_with_the_keyboard_only_on_a_phone(demo, browser, live_server, settings):
    context = new_context(browser, viewport=PHONE, locale="fr-CA")
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    complete_form_by_keyboard(
        page, {"Nom d’utilisateur": "coordinator", "Mot de passe": settings.DEMO_PASSWORD}, submit="Ouvrir une session"
    )
    assert page.url.endswith(reverse("dashboard_role", args=["coordinator"]))
    context.close()


def test_change_password_with_the_keyboard_only(demo, browser, live_server, settings):
    user = demo["supervisor"]
    context = new_context(browser)
    sign_in_by_cookie(context, live_server, user)
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:password_change"))
    # A first try with a mismatch: the error summary takes focus, and the keyboard user goes on from there.
    complete_form_by_keyboard(
        page,
        {"Old password": settings.DEMO_PASSWORD, "New password": PASSWORD, "New password confirmation": "nope"},
        submit="Change password",
    )
    assert page.evaluate("() => document.activeElement.id") == "form-errors"
    complete_form_by_keyboard(
        page,
        {"Old password": settings.DEMO_PASSWORD, "New password": PASSWORD, "New password confirmation": PASSWORD},
        submit="Change password",
    )
    assert page.url.endswith(reverse("accounts:profile"))
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    context.close()
