"""The situation table in a real browser: the coordinator takes a situation through filters 1 and 2 on a phone;
an officer who does not sit at the table finds nothing (404)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from situations.models import Situation
from tests.conftest import browser_login, make_user

from .conftest import meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_takes_a_situation_through_filters_1_and_2_on_a_phone(live_server, phone_page, table, agencies):
    make_user("coordb", Role.COORDINATOR)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    meeting(table, yesterday, agencies.values())
    page = phone_page
    browser_login(page, live_server, "coordb")
    page.goto(f"{live_server.url}/situations/")
    assert page.get_by_role("heading", name="Situations").is_visible()
    page.get_by_role("link", name="New situation").click()
    page.wait_for_load_state()
    assert page.get_by_text("De-identified record.").is_visible()
    page.locator("#id_table").select_option(str(table.pk))
    page.get_by_label("Originating agency").select_option(str(agencies["B"].pk))
    page.get_by_label("Date brought").fill(yesterday.isoformat())
    page.get_by_label("Type").select_option("person")
    page.get_by_label("Age group").select_option("16-17")
    page.get_by_label("Gender").select_option("female")
    save = page.get_by_role("button", name="Save")
    assert save.bounding_box()["height"] >= 44
    save.click()
    page.wait_for_load_state()
    situation = Situation.objects.get()
    assert page.get_by_text(f"Situation {situation.reference} recorded.").is_visible()
    page.get_by_role("link", name="Record the decision").click()
    page.wait_for_load_state()
    page.get_by_label("Yes").check()
    page.get_by_label("Housing — Homeless or transient").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Decision recorded.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path="/tmp/situations-phone-detail.png", full_page=True)
    situation.refresh_from_db()
    assert situation.threshold_met is True and situation.status == Situation.Status.ASSIGNING
    page.goto(f"{live_server.url}/situations/statistics/")
    assert page.get_by_role("heading", name="Situation table statistics").is_visible()
    page.screenshot(path="/tmp/situations-phone-statistics.png", full_page=True)


def test_an_officer_who_does_not_sit_at_the_table_is_refused(live_server, page, table, agencies):
    make_user("plainofficer", Role.OFFICER)
    browser_login(page, live_server, "plainofficer")
    assert page.get_by_role("link", name="Situation table").count() == 0
    response = page.goto(f"{live_server.url}/situations/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/situations/tables/{table.pk}/")
    assert response.status == 404
    page.screenshot(path="/tmp/situations-officer-404.png")
