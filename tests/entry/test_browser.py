"""No lost typing, in Chromium: the idle warning, and typed text surviving an expired session."""

import datetime as dt
import os

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.utils import timezone

from drills.models import Drill
from tests.conftest import PASSWORD, browser_login, make_user
from tests.drills.factories import kind, school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("ENTRY_SCREENSHOTS", "")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_typed_report_survives_an_expired_session(live_server, phone_page):
    officer = make_user("typist", "officer", display_name="Cst. Typist")
    alpha = school("Corridor Public School", officer=officer)
    kind("lockdown")
    page = phone_page
    browser_login(page, live_server, "typist")
    page.goto(f"{live_server.url}/drills/log/")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    page.locator("#id_school").select_option(str(alpha.pk))
    page.get_by_label("Date conducted").fill(yesterday)
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("End time").fill("10:20")
    page.get_by_label("Follow-up needed").check()
    notes = "Door 12 would not lock; PA not heard in the gym."
    page.get_by_label("Problems found").fill(notes)
    page.get_by_label("Debrief notes").fill("Debrief with the principal at 10:30.")
    shot(page, "1-typed")
    DjangoSession.objects.all().delete()  # the session ends on the server while the officer types
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert not Drill.objects.exists()
    assert page.get_by_text("What you typed is kept in this tab").is_visible()
    shot(page, "2-sign-in")
    page.get_by_label("Username").fill("typist")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.url.endswith("/drills/log/")
    assert page.get_by_text("was not saved. It has been put back").is_visible()
    assert page.get_by_label("Problems found").input_value() == notes
    assert page.get_by_label("Follow-up needed").is_checked()
    assert page.get_by_label("Start time").input_value() == "10:00"
    shot(page, "3-restored")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    drill = Drill.objects.get()
    assert drill.problems_found == notes and drill.lead_officer == officer
    page.goto(f"{live_server.url}/drills/log/")
    assert page.get_by_label("Problems found").input_value() == ""  # saved: nothing is put back any more
    assert not page.get_by_text("It has been put back").is_visible()


def test_warning_before_the_idle_limit_and_stay_signed_in(live_server, page, settings):
    settings.SESSION_IDLE_TIMEOUT = 15  # the warning shows 5 s before the limit
    make_user("idler", "officer")
    browser_login(page, live_server, "idler")
    page.goto(f"{live_server.url}/drills/log/")
    warning = page.locator("#idle-warning")
    assert not warning.is_visible()
    warning.wait_for(state="visible", timeout=15000)
    assert "signed out soon" in warning.inner_text()
    with page.expect_response(lambda r: "/accounts/keepalive/" in r.url) as answer:
        page.get_by_role("button", name="Stay signed in").click()
    assert answer.value.status == 200
    assert not warning.is_visible()
    page.wait_for_timeout(6000)  # past the first limit: still signed in thanks to the keep-alive
    page.reload()
    assert "/accounts/login/" not in page.url
    warning.wait_for(state="visible", timeout=20000)
    shot(page, "4-idle-warning")


def test_school_picker_puts_my_schools_first_and_filters(live_server, page):
    officer = make_user("picker", "officer")
    mine = [school(f"Mine {name} School", officer=officer) for name in ("Birch", "Cedar")]
    for n in range(30):
        school(f"Other School {n:02d}")
    target = school("Zeta Heights Secondary")
    browser_login(page, live_server, "picker")
    page.goto(f"{live_server.url}/drills/log/")
    groups = page.locator("#id_school optgroup")
    assert groups.nth(0).get_attribute("label") == "My schools"
    assert groups.nth(0).locator("option").all_inner_texts() == [s.name for s in mine]
    assert groups.nth(1).get_attribute("label") == "All schools"
    box = page.get_by_label("Type to filter the schools")
    box.fill("zeta hei")
    assert page.locator("#id_school option:not([value=''])").all_inner_texts() == ["Zeta Heights Secondary"]
    page.locator("#id_school").select_option(str(target.pk))
    shot(page, "5-school-filter")
    box.fill("")
    assert page.locator("#id_school").input_value() == str(target.pk)
    assert page.locator("#id_school option").count() > 30
