"""Event feedback: an anonymous form reached by the event's link, summarised on the event and in the report."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from engagement.feedback import FEEDBACK_OPEN_DAYS
from engagement.models import Feedback
from events.models import Event
from reports.figures import SECTIONS, Period
from reports.icpi import icpi_rows
from tests.conftest import _client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(coordinator):
    start = timezone.now() - dt.timedelta(days=2)
    return Event.objects.create(title="Police Week open house", starts_at=start, ends_at=start + dt.timedelta(hours=2))


def _link(coordinator_client, event) -> str:
    page = coordinator_client.get(f"/events/{event.pk}/").content.decode()
    assert "<svg" in page  # the QR code to show at the event
    return re.search(r'href="http://[^"/]+(/public/feedback/[^"]+/)"', page).group(1)


def _answer(path, **answers):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        stamp = client.get(path).context["form"].initial["stamp"]
    with time_machine.travel(start + dt.timedelta(seconds=15), tick=False):
        return client.post(path, {"stamp": stamp, **answers})


def test_answers_are_anonymous_and_summarised_on_the_event(coordinator_client, event):
    path = _link(coordinator_client, event)
    thanks = _answer(path, useful="5", clear="4", recommend="yes", comment="Great!")
    assert thanks.status_code == 302
    assert "Thank you" in Client().get(thanks["Location"]).content.decode()
    _answer(path, useful="3", clear="2", recommend="no")
    assert Feedback.objects.count() == 2
    page = coordinator_client.get(f"/events/{event.pk}/").content.decode()
    assert "2 answers" in page and "Useful: 4.0 out of 5" in page and "Would recommend it: 50.0%" in page
    assert "Great!" in page


def test_bad_answers_save_nothing(coordinator_client, event):
    path = _link(coordinator_client, event)
    for answers in ({"useful": "9", "clear": "4", "recommend": "yes"}, {"useful": "5", "clear": "", "recommend": "x"}):
        response = _answer(path, **answers)
        assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Feedback.objects.exists()
    assert Client().get("/public/feedback/forged/").status_code == 404


def test_report_and_icpi_draw_on_the_feedback(event):
    Feedback.objects.create(event=event, useful=4, clear=5, recommend=True)
    Feedback.objects.create(event=event, useful=2, clear=3, recommend=False)
    section = next(s for s in SECTIONS if s.__name__ == "engagement_section")(
        Period.of("calendar", event.starts_at.year)
    )
    figures = {f.key: f.this_period for f in section.figures}
    assert figures["feedback.responses"] == 2 and figures["feedback.useful_average"] == 3.0
    assert figures["feedback.recommend_percent"] == 50.0
    row = next(r for r in icpi_rows() if r[2] == "Community events and mailing list")
    assert "2 feedback answers" in " ".join(row)


def _answer_at(path, when, **answers):
    client = Client()
    with time_machine.travel(when, tick=False):
        stamp = client.get(path).context["form"].initial["stamp"]
    with time_machine.travel(when + dt.timedelta(seconds=15), tick=False):
        return client.post(path, {"stamp": stamp, **answers})


def test_the_link_stops_taking_answers_some_days_after_the_event(coordinator_client, coordinator, event):
    path = _link(coordinator_client, event)
    closes = event.ends_at + dt.timedelta(days=FEEDBACK_OPEN_DAYS)
    assert FEEDBACK_OPEN_DAYS == 30

    on_time = _answer_at(path, closes - dt.timedelta(minutes=1), useful="4", clear="4", recommend="yes")
    assert on_time.status_code == 302 and Feedback.objects.count() == 1

    with time_machine.travel(closes + dt.timedelta(minutes=1), tick=False):
        page = Client().get(path)
        panel = _client_for(coordinator).get(f"/events/{event.pk}/").content.decode()  # signed in a month later
    assert page.status_code == 200
    text = page.content.decode()
    assert "Feedback closed" in text and "Feedback on Police Week open house is now closed" in text
    assert "<form" not in text
    assert "The form stopped taking answers on" in panel


def test_an_answer_sent_after_the_link_closed_is_not_saved(coordinator_client, event):
    path = _link(coordinator_client, event)
    closes = event.ends_at + dt.timedelta(days=FEEDBACK_OPEN_DAYS)
    client = Client()
    with time_machine.travel(closes - dt.timedelta(minutes=5), tick=False):
        stamp = client.get(path).context["form"].initial["stamp"]  # the form opened just before it closed
    with time_machine.travel(closes + dt.timedelta(minutes=5), tick=False):
        response = client.post(path, {"stamp": stamp, "useful": "5", "clear": "5", "recommend": "yes"})
    assert response.status_code == 200 and "is now closed" in response.content.decode()
    assert not Feedback.objects.exists()


def test_the_event_page_says_until_when_the_link_takes_answers(coordinator_client, event):
    panel = coordinator_client.get(f"/events/{event.pk}/").content.decode()
    assert "The form takes answers until" in panel
