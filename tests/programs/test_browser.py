import datetime as dt

import pytest

from accounts.models import Role
from programs.models import Session
from schools.models import SchoolYear
from tests.conftest import browser_login, make_user

from .conftest import aware, make_program, make_school, make_series, make_session


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_logs_a_vip_session_on_a_phone_and_sees_series_progress(live_server, phone_page):
    officer = make_user("cst_phone", Role.OFFICER)
    vip = make_program("VIP")
    school = make_school("Riverview Public School")
    year = SchoolYear.current()
    start, _ = SchoolYear.bounds(year)
    series = make_series(program=vip, school=school, officer=officer, year=year, label="Room 12 — Ms. Singh")
    for number in (1, 2, 3):
        make_session(
            program=vip,
            officer=officer,
            series=series,
            number=number,
            starts_at=aware(start.year, start.month, start.day + number, 9, 30),
        )

    page = phone_page
    browser_login(page, live_server, "cst_phone")
    # The dashboard lists the incomplete series with its progress.
    assert page.get_by_text("3 of 7").first.is_visible()
    page.get_by_role("link", name="VIP · Riverview Public School · Room 12 — Ms. Singh").click()
    page.get_by_role("link", name="Log session 4").click()
    assert page.get_by_label("Session number").input_value() == "4"
    day = start + dt.timedelta(days=20)
    page.get_by_label("Date and time").fill(f"{day:%Y-%m-%d}T09:30")
    page.get_by_label("Audience count").fill("26")
    save = page.get_by_role("button", name="Save")
    box = save.bounding_box()
    assert box["height"] >= 44  # a touch target an officer can hit
    save.click()
    page.wait_for_load_state()

    assert page.locator("#series-progress").inner_text().startswith("Progress: 4 of 7")
    assert page.get_by_role("link", name="Log session 5").is_visible()
    # Nothing overflows a 375 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    session = Session.objects.get(series=series, session_number=4)
    assert session.audience_count == 26
    assert list(session.officers.values_list("username", flat=True)) == ["cst_phone"]
