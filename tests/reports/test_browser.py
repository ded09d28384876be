"""The detail page follows the build by itself (static/js/reports.js polling the status endpoint)."""

import pytest
from playwright.sync_api import expect

from reports.models import AnnualReport
from tests.conftest import browser_login, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_updates_without_reload_then_shows_the_report(live_server, page):
    user = make_user("sup", "supervisor")
    report = AnnualReport.objects.create(
        period_kind="calendar", year=2024, requested_by=user, status="building", progress=10
    )
    browser_login(page, live_server, "sup")
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    assert page.locator("#report-progress-bar").get_attribute("value") == "10"
    AnnualReport.objects.filter(pk=report.pk).update(progress=55)
    # Not page.wait_for_function("..."): a string expression is evaluated with eval(), which the page's CSP
    # (rightly) forbids. Playwright's expect() polls from its own isolated script instead.
    expect(page.locator("[data-report-progress-text]")).to_contain_text("Building — 55%", timeout=10000)
    expect(page.locator("#report-progress-bar")).to_have_attribute("value", "55")
    AnnualReport.objects.filter(pk=report.pk).update(status="failed", failure_reason="Disk full", progress=60)
    page.get_by_text("The build failed").wait_for(timeout=10000)
    assert page.get_by_text("Disk full").is_visible()
    assert errors == []


def test_report_page_fits_a_phone(live_server, phone_page, settings):
    user = make_user("sup2", "supervisor")
    from reports.services import _compute  # noqa: PLC2701 - build the snapshot without the files

    report = AnnualReport.objects.create(period_kind="calendar", year=2024, requested_by=user, status="building")
    figures = _compute(report)
    AnnualReport.objects.filter(pk=report.pk).update(status="ready", progress=100, figures=figures)
    browser_login(phone_page, live_server, "sup2")
    phone_page.goto(f"{live_server.url}/reports/{report.pk}/")
    assert phone_page.get_by_role("heading", name="Schools and coverage").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
