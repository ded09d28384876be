import pytest

from tests.conftest import browser_login, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_raise_no_csp_violation_and_bootstrap_js_still_runs(live_server, phone_page):
    violations = []
    phone_page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    make_user("csp_officer", "officer")
    browser_login(phone_page, live_server, "csp_officer")
    for path in ("/accounts/profile/", "/accounts/password/", "/accounts/two-factor/setup/"):
        phone_page.goto(f"{live_server.url}{path}")
        phone_page.wait_for_load_state()
    assert phone_page.locator("figure.qr-code svg").is_visible()
    # The collapsed menu opens: Bootstrap's bundle (a /static/ file) runs under script-src 'self'.
    phone_page.get_by_role("button", name="Show or hide navigation").click()
    phone_page.get_by_role("link", name="Dashboard").wait_for(state="visible", timeout=5000)
    assert violations == []
