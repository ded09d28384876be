import datetime as dt
import types

import icalendar
import pytest
from django.utils import timezone

from accounts.models import CalendarToken, calendar_token_hash
from csu import registry
from csu.registry import CalendarItem
from events import feeds, selectors
from events.models import AwarenessWeek, Event
from events.services import calendar_token_create
from tests.committees import factories as f

D = dt.date


def _event(title, start, hours=2, **kw):
    return Event.objects.create(title=title, starts_at=start, ends_at=start + dt.timedelta(hours=hours), **kw)


def _fake_drills(owner_id: int):
    """A stand-in for drills/calendar.py (built by another issue): one drill on 2025-11-04 for `owner_id`."""

    def calendar_items(*, start, end, user, staff=None):
        day = D(2025, 11, 4)
        if not (start <= day < end) or (staff is not None and staff.pk != owner_id):
            return []
        return [
            CalendarItem(
                kind="drill",
                title="Lockdown drill — Queen Mary PS",
                start=f.aware(day, 9, 30),
                end=f.aware(day, 10),
                url="/drills/1/",
                uid="drill-1@csu",
                staff_ids=(owner_id,),
            )
        ]

    return types.SimpleNamespace(__name__="drills.calendar", calendar_items=calendar_items, KINDS={"drill": "Drill"})


@pytest.fixture
def with_fake_drills(monkeypatch, officer):
    from committees import calendar as committees_calendar
    from events import calendar as events_calendar

    fake = _fake_drills(officer.pk)
    real = registry.app_modules

    def app_modules(name):
        if name != "calendar":
            return real(name)
        return (committees_calendar, fake, events_calendar)

    monkeypatch.setattr(registry, "app_modules", app_modules)
    return fake


@pytest.fixture
def november(officer, other_officer, coordinator):
    crime = AwarenessWeek.objects.get(code="crime-prevention-week")
    committee = f.committee("Drug Strategy")
    f.representation(committee, other_officer, D(2024, 1, 1))
    meeting = f.meeting(committee, f.aware(D(2025, 11, 5), 13), location="City Hall")
    item = f.action_item(committee, owner=coordinator, due_on=D(2025, 11, 6))
    event = _event("Lock it or lose it", f.aware(D(2025, 11, 3), 10), awareness_week=crime, lead=officer)
    other_event = _event("Coffee with a Cop", f.aware(D(2025, 11, 20), 9), lead=coordinator)
    return types.SimpleNamespace(meeting=meeting, item=item, event=event, other_event=other_event)


@pytest.mark.django_db
def test_calendar_combines_every_provider_kind(with_fake_drills, november, officer):
    items = selectors.calendar_collect(start=D(2025, 11, 1), end=D(2025, 11, 10), user=officer)
    assert [(i.kind, i.title) for i in items] == [
        ("event", "Lock it or lose it"),
        ("drill", "Lockdown drill — Queen Mary PS"),
        ("meeting", "Meeting: Drug Strategy"),
        ("action_item", "Action due: Send the minutes"),
    ]


@pytest.mark.django_db
def test_calendar_filters_by_kind_and_staff(with_fake_drills, november, officer, other_officer, coordinator):
    week = {"start": D(2025, 11, 1), "end": D(2025, 11, 10), "user": coordinator}
    assert {i.kind for i in selectors.calendar_collect(**week, kinds=["drill", "event"])} == {"drill", "event"}
    assert [i.uid for i in selectors.calendar_collect(**week, staff=officer)] == [
        f"event-{november.event.pk}@csu",
        "drill-1@csu",
    ]
    # The representative of the committee sees its meetings.
    assert [i.kind for i in selectors.calendar_collect(**week, staff=other_officer)] == ["meeting"]
    assert [i.kind for i in selectors.calendar_collect(**week, staff=coordinator)] == ["action_item"]


@pytest.mark.django_db
def test_calendar_page_month_week_agenda(with_fake_drills, november, officer_client):
    month = officer_client.get("/events/calendar/", {"view": "month", "date": "2025-11-15", "staff": ""})
    html = month.content.decode()
    assert month.status_code == 200
    for title in (
        "Lock it or lose it",
        "Lockdown drill — Queen Mary PS",
        "Meeting: Drug Strategy",
        "Coffee with a Cop",
    ):
        assert title in html
    # Awareness weeks are named in text on the days they cover (Crime Prevention Week 2025: Nov 2–8).
    assert html.count("Crime Prevention Week") >= 7
    assert "Drug Awareness Week" in html  # Nov 16–22
    week = officer_client.get("/events/calendar/", {"view": "week", "date": "2025-11-04", "kind": "drill", "staff": ""})
    assert "Lockdown drill" in week.content.decode()
    assert "Lock it or lose it" not in week.content.decode()
    agenda = officer_client.get("/events/calendar/", {"view": "agenda", "date": "2025-11-19", "staff": ""})
    assert "Coffee with a Cop" in agenda.content.decode()
    assert "Lock it or lose it" not in agenda.content.decode()
    # Nonsense input never breaks the page.
    assert officer_client.get("/events/calendar/", {"view": "x", "date": "nope", "staff": "abc"}).status_code == 200


def _parse(response) -> list:
    cal = icalendar.Calendar.from_ical(b"".join(response.streaming_content) if response.streaming else response.content)
    return list(cal.walk("VEVENT"))


@pytest.mark.django_db
def test_officer_feed_holds_their_items_and_parses(with_fake_drills, november, officer, client):
    token, secret = calendar_token_create(user=officer)
    with_time = timezone.make_aware(dt.datetime(2025, 11, 1, 12))
    import time_machine

    with time_machine.travel(with_time):
        response = client.get(f"/events/feed/{secret}.ics")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        events = _parse(response)
        assert sorted(str(e["SUMMARY"]) for e in events) == ["Lock it or lose it", "Lockdown drill — Queen Mary PS"]
        lock = next(e for e in events if str(e["SUMMARY"]) == "Lock it or lose it")
        assert lock.decoded("DTSTART") == f.aware(D(2025, 11, 3), 10)
        assert str(lock["UID"]) == f"event-{november.event.pk}@csu"
        only_drills = _parse(client.get(f"/events/feed/{secret}.ics", {"kind": "drill"}))
        assert [str(e["SUMMARY"]) for e in only_drills] == ["Lockdown drill — Queen Mary PS"]


@pytest.mark.django_db
def test_coordinator_feed_has_all_events_and_meetings(with_fake_drills, november, coordinator, client):
    token, secret = calendar_token_create(user=coordinator)
    import time_machine

    with time_machine.travel(timezone.make_aware(dt.datetime(2025, 11, 1, 12))):
        events = _parse(client.get(f"/events/feed/{secret}.ics"))
    assert sorted(str(e["SUMMARY"]) for e in events) == [
        "Action due: Send the minutes",
        "Coffee with a Cop",
        "Lock it or lose it",
        "Meeting: Drug Strategy",
    ]


@pytest.mark.django_db
def test_supervisor_scope_all_adds_every_drill(with_fake_drills, november, supervisor, client):
    token, secret = calendar_token_create(user=supervisor)
    import time_machine

    with time_machine.travel(timezone.make_aware(dt.datetime(2025, 11, 1, 12))):
        assert _parse(client.get(f"/events/feed/{secret}.ics")) == []
        scoped = _parse(client.get(f"/events/feed/{secret}.ics", {"scope": "all"}))
    assert [str(e["SUMMARY"]) for e in scoped] == ["Lockdown drill — Queen Mary PS"]


@pytest.mark.django_db
def test_feed_needs_no_login_but_a_live_token(officer, officer_client, client):
    assert client.get("/events/feed/not-a-token.ics").status_code == 404
    page = officer_client.post("/events/calendar/subscriptions/").content.decode()
    token = CalendarToken.objects.get(user=officer)
    secret = page.split("/events/feed/")[1].split(".ics")[0]
    assert CalendarToken.objects.get(token_hash=calendar_token_hash(secret)) == token
    # Shown once: the list page afterwards has no link, only its dates and status.
    assert "/events/feed/" not in officer_client.get("/events/calendar/subscriptions/").content.decode()
    assert client.get(f"/events/feed/{secret}.ics").status_code == 200
    officer_client.post(f"/events/calendar/subscriptions/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get(f"/events/feed/{secret}.ics").status_code == 404


@pytest.mark.django_db
def test_nobody_revokes_another_users_token(officer, other_officer_client):
    token, secret = calendar_token_create(user=officer)
    assert other_officer_client.post(f"/events/calendar/subscriptions/{token.pk}/revoke/").status_code == 404
    assert other_officer_client.get(f"/events/calendar/subscriptions/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_feed_renders_all_day_items():
    item = CalendarItem(kind="action_item", title="Due", start=D(2025, 11, 6), end=None, url="", uid="a@csu")
    cal = icalendar.Calendar.from_ical(feeds.render_ics([item]))
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == D(2025, 11, 6)
    assert event.decoded("DTEND") == D(2025, 11, 7)
