"""What axe cannot see: the sign-in and its error state, the skip link, a visible focus outline.

The same checks of landmarks, one <h1>, a skip link target and a visible label on every visible form control
(browser.structure_problems), and unique <title>s, run on every discovered page of every role in English and
French in test_axe.py, on the same page loads as axe; so does the error state of each form after an empty submit.
"""

import pytest
from PIL import Image

from .browser import (
    DESKTOP,
    PHONE,
    error_problems,
    new_context,
    sign_in_by_cookie,
    structure_problems,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FOCUS_RGB = (0xFF, 0xBF, 0x47)  # the :focus-visible outline colour in static/css/csu.css


def test_error_page_and_sign_in_page_structure(db, browser, live_server):
    context = new_context(browser)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    problems, _ = structure_problems(page)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    has_errors, error_list = error_problems(page)
    context.close()
    assert has_errors
    assert not problems + error_list


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(demo, browser, live_server):
    context = new_context(browser, viewport=PHONE)
    sign_in_by_cookie(context, live_server, demo["officer"])
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    box = skip.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 20 and box["y"] >= 0, "skip link not shown when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is past the navigation
    assert page.evaluate("() => !document.activeElement.closest('header')")
    context.close()


def _outline_pixels(path) -> int:
    data = Image.open(path).convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(1 for pixel in pixels if all(abs(a - b) <= 12 for a, b in zip(pixel, FOCUS_RGB, strict=True)))


def test_focus_is_visible_on_links_buttons_and_fields(demo, browser, live_server, tmp_path):
    """Screenshots around each focused element must show the focus outline colour, and none before focus."""
    context = new_context(browser, viewport=DESKTOP)
    sign_in_by_cookie(context, live_server, demo["officer"])
    page = context.new_page()
    page.goto(live_server.url + "/accounts/profile/")
    targets = {
        "link": page.locator("main a").first,
        "select": page.locator("main select").first,
        "button": page.locator("main button[type=submit]").first,
        "nav link": page.locator("header a.navbar-brand"),
    }
    failures = []
    for name, locator in targets.items():
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        box = locator.bounding_box()
        clip = {
            "x": max(box["x"] - 10, 0),
            "y": max(box["y"] - 10, 0),
            "width": box["width"] + 20,
            "height": box["height"] + 20,
        }
        page.screenshot(path=tmp_path / f"{name}-before.png", clip=clip)
        locator.focus()
        page.keyboard.press("Shift+Tab")  # focus by keyboard, so :focus-visible applies as for a real user
        page.keyboard.press("Tab")
        page.screenshot(path=tmp_path / f"{name}-after.png", clip=clip)
        before, after = (
            _outline_pixels(tmp_path / f"{name}-before.png"),
            _outline_pixels(tmp_path / f"{name}-after.png"),
        )
        if not (before == 0 and after > 40):
            failures.append(f"{name}: {before} outline pixels before focus, {after} after")
    context.close()
    assert not failures, failures
