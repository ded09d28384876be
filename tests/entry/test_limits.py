"""Impossible values are refused next to the field, and the database refuses them too."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from drills.models import Drill
from programs.models import PresentationRequest, Session
from tests.drills.factories import kind, school
from tests.programs.conftest import make_program, make_request, make_session

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def alpha(officer):
    return school("Alpha", officer=officer)


def _session(alpha, **changes):
    data = {
        "program": make_program("VIP").pk,
        "school": alpha.pk,
        "starts_at": f"{timezone.localdate() - dt.timedelta(days=1)}T09:30",
        "length_minutes": 60,
        "audience_count": 20,
        "language": "en",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"length_minutes": 99_999_999}, "length_minutes", "at most 600 minutes"),
        ({"length_minutes": 601}, "length_minutes", "600"),
        ({"length_minutes": 0}, "length_minutes", "0"),
        ({"starts_at": "2099-10-06T09:30"}, "starts_at", "cannot be dated after today"),
        ({"audience_count": 2001}, "audience_count", "2000"),
    ],
)
def test_impossible_session_values(officer_client, alpha, changes, field, message):
    response = officer_client.post(reverse("programs:session_create"), _session(alpha, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Session.objects.exists()


def test_a_session_of_600_minutes_is_accepted(officer_client, alpha):
    assert (
        officer_client.post(reverse("programs:session_create"), _session(alpha, length_minutes=600)).status_code == 302
    )


def test_database_refuses_an_endless_session(officer, alpha):
    session = make_session(program=make_program("VIP"), officer=officer, school=alpha)
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(length_minutes=30000)


def test_drill_cannot_be_scheduled_in_the_past(officer_client, alpha):
    past = (timezone.localtime() - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = officer_client.post(
        reverse("drills:drill_schedule"), {"school": alpha.pk, "kind": kind().pk, "scheduled_for": past}
    )
    assert response.status_code == 200
    assert "cannot be scheduled in the past" in " ".join(response.context["form"].errors["scheduled_for"])
    assert not Drill.objects.exists()


def test_drill_cannot_be_logged_in_the_future(officer_client, alpha):
    response = officer_client.post(
        reverse("drills:drill_log"),
        {
            "school": alpha.pk,
            "kind": kind().pk,
            "date": "2099-01-05",
            "start_time": "10:00",
            "end_time": "10:10",
            "outcome": "satisfactory",
        },
    )
    assert response.status_code == 200
    assert not Drill.objects.exists()


def test_presentation_scheduled_in_the_past_needs_late_entry(coordinator_client, officer):
    req = make_request(received_on=timezone.localdate() - dt.timedelta(days=30))
    url = reverse("programs:presentationrequest_schedule", args=[req.pk])
    past = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    booking = {"version": req.version, "officer": officer.pk, "scheduled_for": past, "scheduled_time": "10:00"}
    refused = coordinator_client.post(url, booking)
    assert refused.status_code == 400
    assert "Tick “Late entry”" in refused.content.decode()
    assert list(refused.context["transition_error_form"].errors) == ["scheduled_for"]
    req.refresh_from_db()
    assert req.scheduled_for is None
    late = {**booking, "late_entry": "on"}
    assert coordinator_client.post(url, late).status_code == 302
    req.refresh_from_db()
    assert req.status == PresentationRequest.Status.SCHEDULED and req.scheduled_for.isoformat() == past
    assert req.scheduled_time == dt.time(10, 0)
