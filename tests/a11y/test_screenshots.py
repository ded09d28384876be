"""Screenshots a person can look at (var/screenshots/, not committed), and no sideways scrolling at 375 px.

Sign-in page and each role's dashboard, desktop and phone, English and French.
"""

import pytest
from django.conf import settings

from .browser import DESKTOP, PHONE, new_context, sign_in_by_cookie
from .conftest import LANGUAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = settings.BASE_DIR / "var" / "screenshots"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_and_no_horizontal_scroll(viewport, demo, browser, live_server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for language in LANGUAGES:
        context = new_context(browser, viewport=viewport, locale=language)
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        shots = [("login", page)]
        user = demo["supervisor"]
        user.language = language
        user.save(update_fields=["language"])
        signed_in = new_context(browser, viewport=viewport)
        sign_in_by_cookie(signed_in, live_server, user)
        dashboard = signed_in.new_page()
        dashboard.goto(live_server.url + "/")
        shots.append(("dashboard", dashboard))
        for name, shot_page in shots:
            shot_page.screenshot(path=SHOTS / f"{name}-{language}-{viewport['width']}.png", full_page=True)
            width = shot_page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                too_wide.append(f"{name} {language}: {width}px wide in a {viewport['width']}px window")
        context.close()
        signed_in.close()
    assert not too_wide, too_wide
