import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import AwarenessWeek, Event
from events.views import MONTH_PER_DAY
from tests.committees import factories as f
from tests.conftest import browser_login, make_user

D = dt.date
NOW = timezone.make_aware(dt.datetime(2025, 11, 5, 9, 0))  # Wednesday of Crime Prevention Week 2025


@pytest.mark.django_db
def test_coordinator_dashboard_shows_week_and_overdue(coordinator_client, officer):
    drug = f.committee("Drug Strategy")
    f.meeting(drug, f.aware(D(2025, 11, 6), 13))  # this week (Sun Nov 2 – Sat Nov 8)
    f.meeting(drug, f.aware(D(2025, 11, 12), 13))  # next week
    f.action_item(drug, owner=officer, due_on=D(2025, 11, 1), description="Overdue minutes")
    f.action_item(drug, owner=officer, due_on=D(2025, 11, 20), description="Not yet due")
    Event.objects.create(title="Mall display", starts_at=f.aware(D(2025, 11, 4)), ends_at=f.aware(D(2025, 11, 4), 12))
    Event.objects.create(title="Later event", starts_at=f.aware(D(2025, 11, 14)), ends_at=f.aware(D(2025, 11, 14), 12))
    with time_machine.travel(NOW, tick=False):
        html = coordinator_client.get("/dashboard/coordinator/").content.decode()
    assert "Nov. 6, 2025, 1:00 p.m. — Drug Strategy" in html
    assert "Nov. 12, 2025" not in html
    assert "Overdue minutes" in html and "Not yet due" not in html
    assert "1 overdue action item" in html
    assert "Mall display" in html and "Later event" not in html


@pytest.mark.django_db
def test_supervisor_dashboard_counts_committees_today(supervisor_client, officer, coordinator):
    for name in ("A", "B", "C"):
        f.representation(f.committee(name), officer, D(2024, 1, 1))
    f.representation(f.committee("Ended"), coordinator, D(2024, 1, 1), D(2024, 12, 31))
    with time_machine.travel(NOW, tick=False):
        html = supervisor_client.get("/dashboard/supervisor/").content.decode()
    assert "We sit on 3 committees today" in html


@pytest.mark.django_db
def test_calendar_page_query_count_does_not_grow(coordinator_client, officer):
    drug = f.committee("Drug Strategy")

    def add(n, offset):
        for i in range(n):
            day = D(2025, 11, 1 + (i + offset) % 28)
            f.meeting(drug, f.aware(day, 9)).attendees.add(officer)
            f.action_item(drug, owner=officer, due_on=day)
            event = Event.objects.create(title=f"E{i}", starts_at=f.aware(day, 10), ends_at=f.aware(day, 11))
            event.staff.add(officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert coordinator_client.get("/events/calendar/?date=2025-11-10").status_code == 200
        return len(ctx.captured_queries)

    add(2, 0)
    small = count()
    add(20, 5)
    assert count() == small


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_creates_event_in_crime_prevention_week_and_sees_it(live_server, page):
    make_user("coordinator_b", "coordinator", display_name="Priya Raman")
    crime = AwarenessWeek.objects.get(code="crime-prevention-week")
    browser_login(page, live_server, "coordinator_b")
    page.goto(f"{live_server.url}/events/weeks/{crime.pk}/")
    page.get_by_role("link", name="New event in this week").click()
    page.get_by_label("Title").fill("Lock it or lose it — mall display")
    page.get_by_label("Starts at").fill("2025-11-05T10:00")
    page.get_by_label("Ends at").fill("2025-11-05T14:00")
    page.get_by_label("Location").fill("Lansdowne Place")
    page.get_by_label("Expected attendance").fill("300")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Lock it or lose it — mall display").is_visible()
    event = Event.objects.get()
    assert event.awareness_week == crime and event.type == "awareness_week"
    page.goto(f"{live_server.url}/events/calendar/?view=month&date=2025-11-05&staff=")
    cell = page.locator("td", has_text="Lock it or lose it — mall display")
    assert cell.is_visible()
    assert "Crime Prevention Week" in cell.inner_text()
    # Keyboard: the item link is reachable and opens the event.
    link = page.get_by_role("link", name="Lock it or lose it — mall display")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/events/{event.pk}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_calendar_on_a_phone_is_an_agenda_without_horizontal_scroll(live_server, phone_page):
    officer = make_user("phone_officer", "officer")
    Event.objects.create(
        title="Coffee with a Cop",
        starts_at=f.aware(D(2025, 11, 5), 9),
        ends_at=f.aware(D(2025, 11, 5), 11),
        lead=officer,
    )
    browser_login(phone_page, live_server, "phone_officer")
    phone_page.goto(f"{live_server.url}/events/calendar/?date=2025-11-05&staff=")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone_page.get_by_role("link", name="Coffee with a Cop").first.is_visible()
    assert not phone_page.locator("table.calendar-month").is_visible()
    assert phone_page.get_by_text("Awareness week: Crime Prevention Week").first.is_visible()


@pytest.mark.django_db
def test_officer_dashboard_lists_their_upcoming_events(officer_client, officer, other_officer):
    mine = Event.objects.create(
        title="Bike rodeo", starts_at=f.aware(D(2025, 11, 10)), ends_at=f.aware(D(2025, 11, 10), 12)
    )
    mine.staff.add(officer)
    Event.objects.create(
        title="Someone else's",
        starts_at=f.aware(D(2025, 11, 10)),
        ends_at=f.aware(D(2025, 11, 10), 12),
        lead=other_officer,
    )
    Event.objects.create(
        title="Too far", starts_at=f.aware(D(2025, 12, 10)), ends_at=f.aware(D(2025, 12, 10), 12), lead=officer
    )
    with time_machine.travel(NOW, tick=False):
        html = officer_client.get("/dashboard/officer/").content.decode()
    assert "Bike rodeo" in html
    assert "Someone else" not in html and "Too far" not in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_calendar_has_no_serious_accessibility_violations(live_server, page):
    from axe_playwright_python.sync_playwright import Axe

    make_user("axe_coord", "coordinator")
    for hour in range(9, 15):  # six events on one day: the month cell lists four and links "2 more"
        Event.objects.create(
            title=f"Coffee with a Cop {hour}",
            starts_at=f.aware(D(2025, 11, 5), hour),
            ends_at=f.aware(D(2025, 11, 5), hour, 30),
        )
    browser_login(page, live_server, "axe_coord")
    for view in ("month", "week", "day", "agenda"):
        page.goto(f"{live_server.url}/events/calendar/?view={view}&date=2025-11-05&staff=")
        results = Axe().run(page)
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], (view, serious)
    page.goto(f"{live_server.url}/events/calendar/?date=2025-11-05&staff=")
    grid = page.locator("table.calendar-month")
    assert grid.get_by_role("link", name=re.compile("Coffee with a Cop")).count() == MONTH_PER_DAY
    grid.get_by_role("link", name="2 more — Wednesday Nov. 5, 2025").click()
    page.wait_for_url("**view=day**")
    assert page.get_by_role("link", name=re.compile("Coffee with a Cop")).count() == 6
