import pytest

from tests.conftest import browser_login, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_through_the_form_shows_the_dashboard(live_server, page):
    make_user("walker", "officer", display_name="Cst. Walker")
    browser_login(page, live_server, "walker")
    assert page.url.endswith("/dashboard/officer/")
    assert page.get_by_role("heading", name="Welcome, Cst. Walker").is_visible()


def test_phone_width_has_no_horizontal_scroll(live_server, phone_page):
    make_user("phone", "supervisor")
    browser_login(phone_page, live_server, "phone")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
