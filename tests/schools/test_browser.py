import datetime as dt

import pytest

from schools.models import Assignment
from tests.conftest import browser_login, make_user

from .conftest import assign, make_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_bulk_reassigns_from_the_coverage_page(live_server, page):
    make_user("boss", "supervisor")
    first = make_user("cst_first", "officer", display_name="Cst. First")
    second = make_user("cst_second", "officer", display_name="Cst. Second")
    alpha, bravo, _charlie = make_school("Alpha School"), make_school("Bravo School"), make_school("Charlie School")
    assign(alpha, first)
    assign(bravo, first)
    browser_login(page, live_server, "boss")
    page.get_by_role("link", name="Coverage").first.click()
    assert page.get_by_role("heading", name="Coverage", exact=True).is_visible()
    page.get_by_label("Alpha School").check()
    page.get_by_label("Charlie School").check()
    page.get_by_label("New officer").select_option(label="Cst. Second")
    page.get_by_label("From").fill("2026-01-12")
    page.get_by_role("button", name="Reassign selected").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Confirm the reassignment").is_visible()
    page.get_by_role("button", name="Reassign", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("2 school(s) reassigned to Cst. Second from Jan. 12, 2026.").is_visible()
    assert dict(Assignment.objects.filter(end__isnull=True).values_list("school__name_en", "officer_id")) == {
        "Alpha School": second.pk,
        "Bravo School": first.pk,
        "Charlie School": second.pk,
    }
    assert Assignment.objects.get(school=alpha, officer=first).end == dt.date(2026, 1, 11)


def test_call_form_fits_a_phone(live_server, phone_page):
    make_user("walker", "officer")
    browser_login(phone_page, live_server, "walker")
    phone_page.goto(f"{live_server.url}/schools/calls/new/")
    assert phone_page.get_by_role("heading", name="New call for service").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
