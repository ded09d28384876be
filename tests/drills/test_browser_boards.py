"""Issue 19 in a browser: a call's outcome, a school-led drill logged with its time of day, the board's year rules,
the principal's copy; refused to the coordinator where it must be."""

import datetime as dt

import pytest
from django.utils import timezone

from schools.models import CallForService
from tests.conftest import browser_login, make_user

from . import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _seed_lists():
    from importlib import import_module

    from django.apps import apps

    import_module("schools.migrations.0006_seed_call_outcomes").seed(apps, None)


def test_officer_records_call_outcome_and_school_led_drill(live_server, page, browser):
    _seed_lists()
    officer = make_user("cst_b", "officer", display_name="Cst. Bee")
    make_user("sgt_b", "supervisor")
    make_user("coord_b", "coordinator")
    school = f.school("Juniper Public School", officer=officer)
    school.contact_email = "principal@juniper.example"
    school.save()
    f.kind("lockdown")
    browser_login(page, live_server, "cst_b")
    page.goto(f"{live_server.url}/schools/calls/new/")
    page.locator("#id_school").select_option(label="Juniper Public School")
    page.get_by_label("Category").select_option(label="Assault")
    page.get_by_label("Occurrence number").fill("26-901")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("This field is required.").first.is_visible()  # no outcome chosen
    page.get_by_label("Outcome").select_option(label="Referral to extrajudicial sanctions / restorative justice")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Call recorded.").is_visible()
    assert CallForService.objects.get().youth_related is True

    today = timezone.localdate() - dt.timedelta(days=1)
    page.goto(f"{live_server.url}/drills/log/?school={school.pk}")
    page.get_by_label("Date conducted").fill(today.isoformat())
    page.get_by_label("Start time").fill("12:10")
    page.get_by_label("End time").fill("12:30")
    page.get_by_label("Time to secure (seconds)").fill("80")
    page.get_by_label("Satisfactory").check()
    page.get_by_label("Led by the school, no officer present").check()
    page.get_by_label("Time of day").select_option(label="Lunch")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Led by the school, no officer present").is_visible()
    page.screenshot(path="/tmp/threats_i18n/drill_detail.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Principal's copy (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")

    coord = browser.new_context().new_page()
    browser_login(coord, live_server, "coord_b")
    # include_hidden: a link inside a closed navigation menu counts too
    assert coord.get_by_role("link", name="Threat assessments", include_hidden=True).count() == 0
    assert coord.goto(f"{live_server.url}/threats/lists/").status == 404
