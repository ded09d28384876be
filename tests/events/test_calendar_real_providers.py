"""The calendar and the feed with every app's real provider (no stand-ins), read back by an independent parser.

The feed is written with `icalendar`; here it is parsed with `vobject`, a separate implementation, so a file
that only our own library could read would fail.
"""

import datetime as dt

import pytest
import time_machine
import vobject
from django.utils import timezone

from events import selectors
from events.models import Event
from events.services import calendar_token_create
from tests.committees import factories as f
from tests.drills import factories as drill_factories
from tests.programs.conftest import make_program, make_session

D = dt.date


@pytest.fixture
def week(officer, other_officer):
    school = drill_factories.school("Queen Mary PS", officer=officer)
    drill = drill_factories.drill(school, officer, when=f.aware(D(2025, 11, 4), 9, 30), status="scheduled")
    session = make_session(program=make_program("VIP"), officer=officer, school=school, number=3,
                           starts_at=f.aware(D(2025, 11, 5), 13))  # fmt: skip
    committee = f.committee("Youth Committee")
    f.representation(committee, officer, D(2024, 1, 1))
    meeting = f.meeting(committee, f.aware(D(2025, 11, 6), 15), location="City Hall")
    event = Event.objects.create(
        title="Lock it or lose it",
        starts_at=f.aware(D(2025, 11, 3), 10),
        ends_at=f.aware(D(2025, 11, 3), 12),
        lead=officer,
    )
    elsewhere = drill_factories.school("Elsewhere PS", officer=other_officer)
    drill_factories.drill(elsewhere, other_officer, when=f.aware(D(2025, 11, 4), 11), status="scheduled")
    return {"drill": drill, "session": session, "meeting": meeting, "event": event}


@pytest.mark.django_db
def test_calendar_combines_real_drills_sessions_meetings_and_events(week, officer):
    items = selectors.calendar_collect(start=D(2025, 11, 1), end=D(2025, 11, 10), user=officer, staff=officer)
    assert [(i.kind, i.uid) for i in items] == [
        ("event", f"event-{week['event'].pk}@csu"),
        ("drill", f"drill-{week['drill'].pk}@csu"),
        ("session", f"session-{week['session'].pk}@csu"),
        ("meeting", f"meeting-{week['meeting'].pk}@csu"),
    ]


def _vevents(response) -> list:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    calendar = vobject.readOne(body.decode("utf-8"))
    return list(calendar.vevent_list)


@pytest.mark.django_db
def test_officer_feed_parses_with_an_independent_parser(week, officer, client):
    token, secret = calendar_token_create(user=officer)
    with time_machine.travel(timezone.make_aware(dt.datetime(2025, 11, 1, 12))):
        events = _vevents(client.get(f"/events/feed/{secret}.ics"))
    by_uid = {e.uid.value: e for e in events}
    assert set(by_uid) == {
        f"event-{week['event'].pk}@csu",
        f"drill-{week['drill'].pk}@csu",
        f"session-{week['session'].pk}@csu",
        f"meeting-{week['meeting'].pk}@csu",
    }  # the other officer's drill is not in this officer's feed
    drill = by_uid[f"drill-{week['drill'].pk}@csu"]
    assert drill.dtstart.value == f.aware(D(2025, 11, 4), 9, 30)
    assert "Queen Mary PS" in drill.summary.value
    assert by_uid[f"session-{week['session'].pk}@csu"].summary.value == "VIP · Queen Mary PS #3"


@pytest.mark.django_db
def test_feed_text_follows_the_owners_language_not_the_calendar_client(week, officer, client):
    officer.language = "fr-ca"
    officer.save(update_fields=["language"])
    token, secret = calendar_token_create(user=officer)
    with time_machine.travel(timezone.make_aware(dt.datetime(2025, 11, 1, 12))):
        events = _vevents(client.get(f"/events/feed/{secret}.ics", HTTP_ACCEPT_LANGUAGE="en"))
    drill = next(e for e in events if e.uid.value.startswith("drill-"))
    assert "exercice" in drill.summary.value.lower(), drill.summary.value
