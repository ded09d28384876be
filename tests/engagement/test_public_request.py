"""The public presentation request form lands in the coordinator's queue; rejected submissions save nothing."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from programs.models import PresentationRequest

pytestmark = pytest.mark.django_db

GOOD = {
    "organisation": "Overbrook Community Centre", "contact_name": "Pat Lee", "contact_email": "pat@example.test",
    "topic": "Internet safety for parents", "audience_description": "Newcomer parents", "audience_size": "30",
    "language": "fr", "preferred_dates": "Weekday evenings",
}  # fmt: skip


def _post(data, *, wait=20, lang="en"):
    client = Client()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        page = client.get(f"/public/request/?lang={lang}")
    stamp = page.context["form"].initial["stamp"]
    with time_machine.travel(start + dt.timedelta(seconds=wait), tick=False):
        return client.post("/public/request/", {**data, "stamp": stamp, "lang": lang})


def test_request_lands_in_the_coordinators_queue(coordinator_client):
    response = _post(GOOD)
    assert response.status_code == 302
    assert "Request received" in Client().get(response["Location"]).content.decode()
    request = PresentationRequest.objects.get()
    assert (request.organisation, request.status, request.created_by) == (GOOD["organisation"], "new", None)
    assert request.notes == ""  # nothing in one language stored: no author says it came from this form
    assert request.received_on == timezone.localdate()
    assert "Overbrook Community Centre" in coordinator_client.get("/programs/requests/").content.decode()


@pytest.mark.parametrize("lang, shown", [("fr", "Français"), ("en", "English")])
def test_the_presentation_language_starts_as_the_pages(lang, shown):
    page = Client().get(f"/public/request/?lang={lang}")
    select = re.search(r'<select name="language".*?</select>', page.content.decode(), flags=re.S).group(0)
    assert re.findall(r"<option [^>]*selected[^>]*>([^<]+)</option>", select) == [shown]


def test_page_shows_the_notice_of_collection_in_french():
    page = Client().get("/public/request/?lang=fr").content.decode()
    assert "Avis de collecte" in page and "Demander une présentation" in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"contact_email": "", "contact_phone": ""}, "phone number so that we can reach you"),
        ({"audience_size": "99999999"}, "2000"),
        ({"organisation": ""}, "This field is required"),
        ({"website": "x"}, "could not be accepted"),
        ({"topic": "x" * 5000}, "at most 200 characters"),
        ({"contact_name": "Pat\x00Lee"}, "Null characters are not allowed"),
    ],
)
def test_bad_requests_get_a_message_and_save_nothing(change, message):
    response = _post({**GOOD, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PresentationRequest.objects.exists()


def test_the_coordinator_sees_that_a_request_came_from_the_public_form(coordinator_client, coordinator):
    from programs.services import presentation_request_create

    _post(GOOD)
    public = PresentationRequest.objects.get()
    entered = presentation_request_create(
        data={"organisation": "Hillcrest School Council", "contact_name": "Sam Roy", "contact_phone": "613-555-0100",
              "topic": "Internet safety", "received_on": timezone.localdate()},
        by=coordinator,
    )  # fmt: skip
    line = "This request came from the public request form."
    assert line in coordinator_client.get(f"/programs/requests/{public.pk}/").content.decode()
    assert line not in coordinator_client.get(f"/programs/requests/{entered.pk}/").content.decode()
