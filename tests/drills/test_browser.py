import datetime as dt

import pytest
from django.utils import timezone

from drills.models import Drill
from tests.conftest import browser_login, make_user
from tests.drills.factories import kind, school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_logs_a_drill_on_a_phone(live_server, phone_page):
    officer = make_user("phoneofficer", "officer", display_name="Cst. Phone")
    alpha = school("Phone Street Public School", officer=officer)
    kind("lockdown")
    page = phone_page
    browser_login(page, live_server, "phoneofficer")
    page.get_by_role("link", name="Log a drill").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Log a drill").is_visible()
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.locator("#id_school").select_option(str(alpha.pk))
    page.get_by_label("Date conducted").fill(yesterday.isoformat())
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("09:30")  # wrong on purpose
    page.get_by_label("Satisfactory").check()
    save = page.get_by_role("button", name="Save")
    assert save.bounding_box()["height"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    save.click()
    page.wait_for_load_state()
    assert page.get_by_text("The drill must end after it started.").first.is_visible()
    assert not Drill.objects.exists()
    page.get_by_label("End time").fill("10:20")
    page.get_by_label("Students taking part").fill("280")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Drill logged.").is_visible()
    drill = Drill.objects.get()
    assert (drill.status, drill.school_id, drill.students_count, drill.occurs_on) == (
        "completed",
        alpha.pk,
        280,
        yesterday,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
