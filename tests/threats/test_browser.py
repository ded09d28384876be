import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import browser_login, make_user
from threats.models import ThreatAssessment

from .conftest import assign, make_assessment, make_school, outcome

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_records_an_assessment_and_supervisor_sees_it(live_server, page, browser):
    officer = make_user("cst_vtra", "officer", display_name="Cst. Vtra")
    make_user("sgt_vtra", "supervisor")
    make_user("coord_vtra", "coordinator")
    school = make_school("Willow Public School")
    assign(school, officer)
    browser_login(page, live_server, "cst_vtra")
    page.get_by_role("button", name="Drills").click()  # the grouped navigation: assessments sit in the Drills menu
    page.get_by_role("link", name="Threat assessments").click()
    page.get_by_role("link", name="Record an assessment").click()
    assert page.get_by_text("Never identify anyone.").is_visible()
    page.locator("#id_school").select_option(label="Willow Public School")
    page.get_by_label("Stage II").check()
    page.get_by_label("Kind of behaviour").select_option(label="Threat made online or by text message")
    page.get_by_label("Outcome").select_option(label="Support or intervention plan")
    page.get_by_label("Grade band").select_option(label="Grades 7 and 8")
    page.get_by_label("Follow-up date").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_text("Threat assessment recorded.").is_visible()
    assert page.get_by_role("heading", name="Stage II assessment at Willow Public School").is_visible()
    page.screenshot(path="/tmp/threats_i18n/officer_detail.png", full_page=True)
    assessment = ThreatAssessment.objects.get()
    assert [o.username for o in assessment.officers.all()] == ["cst_vtra"]

    make_assessment(school, [officer], outcome=outcome("high_concern"))
    sup = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    browser_login(sup, live_server, "sgt_vtra")
    assert sup.get_by_role("heading", name="Threat assessments", exact=False).first.is_visible()
    assert sup.get_by_text("2 assessments").is_visible()
    sup.screenshot(path="/tmp/threats_i18n/supervisor_dashboard.png", full_page=True)
    sup.goto(f"{live_server.url}/threats/?stage=2")
    assert sup.get_by_role("cell", name="Willow Public School").count() == 1

    coord = browser.new_context().new_page()
    browser_login(coord, live_server, "coord_vtra")
    # include_hidden: a link inside a closed navigation menu counts too
    assert coord.get_by_role("link", name="Threat assessments", include_hidden=True).count() == 0
    response = coord.goto(f"{live_server.url}/threats/")
    assert response.status == 404
