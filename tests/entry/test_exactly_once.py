"""Exactly once: the same create form sent twice (in a row or at the same moment) makes one record, no 500."""

import datetime as dt
import re
import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from committees.models import Committee
from csu.models import SubmissionKey
from drills.models import Drill
from programs.models import PresentationRequest, Session
from schools.models import CallForService
from tests.conftest import make_user
from tests.drills.factories import kind, school
from tests.programs.conftest import make_program
from threats.models import ThreatAssessment

KEY = "same-key-0123456789abcdef"


def _yesterday() -> str:
    return (timezone.localdate() - dt.timedelta(days=1)).isoformat()


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def drill_log_data(alpha):
    return {
        "school": alpha.pk,
        "kind": kind().pk,
        "date": _yesterday(),
        "start_time": "10:00",
        "end_time": "10:18",
        "announced": "on",
        "outcome": "satisfactory",
    }


def drill_schedule_data(alpha):
    return {"school": alpha.pk, "kind": kind().pk, "scheduled_for": f"{_tomorrow()}T13:30", "announced": "on"}


def _outcome_pk() -> int:
    from schools.models import CallOutcome

    return CallOutcome.objects.get(code="no_further_action").pk


def call_data(alpha):
    return {
        "outcome": _outcome_pk(),
        "youth_related": "False",  # how the call ended (outcome, youth involved) is required on a new call
        "school": alpha.pk,
        "occurred_at": f"{_yesterday()}T11:00",
        "category": "theft",
        "occurrence_number": "OT-26-000123",
        "summary": "Bike taken from the rack",
    }


def session_data(alpha):
    return {
        "program": make_program("VIP").pk,
        "school": alpha.pk,
        "starts_at": f"{_yesterday()}T09:30",
        "length_minutes": 60,
        "audience_count": 24,
        "language": "en",
    }


def threat_data(alpha):
    from threats.models import BehaviourKind, OutcomeCategory

    officer = alpha.assignments.get().officer
    return {
        "school": alpha.pk,
        "assessed_on": _yesterday(),
        "officers": [officer.pk],
        "stage": "1",
        "behaviour": BehaviourKind.objects.get(code="threat_online").pk,
        "outcome": OutcomeCategory.objects.get(code="low_concern").pk,
        "grade_band": "intermediate",
        "follow_up_on": _tomorrow(),
        "notes": "Message shared by a classmate; no access to means.",
    }


CASES = {
    "drill_log": ("drills:drill_log", drill_log_data, Drill),
    "drill_schedule": ("drills:drill_schedule", drill_schedule_data, Drill),
    "call": ("schools:call_create", call_data, CallForService),
    "session": ("programs:session_create", session_data, Session),
    "threat": ("threats:threatassessment_create", threat_data, ThreatAssessment),
}


@pytest.fixture
def alpha(officer):
    return school("Alpha", officer=officer)


@pytest.mark.django_db
def test_create_forms_carry_a_new_key_at_each_visit(officer_client, alpha):
    names = ("drills:drill_log", "drills:drill_schedule", "schools:call_create", "programs:session_create",
             "threats:threatassessment_create")  # fmt: skip
    for name in names:
        first, second = (officer_client.get(reverse(name)).content.decode() for _ in range(2))
        keys = [re.search(r'name="submission_key" value="([^"]+)"', page).group(1) for page in (first, second)]
        assert keys[0] != keys[1] and len(keys[0]) >= 16, name


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_same_post_twice_in_a_row_makes_one_record(officer_client, alpha, case):
    url_name, data, model = CASES[case]
    payload = {**data(alpha), "submission_key": KEY}
    first = officer_client.post(reverse(url_name), payload)
    assert first.status_code == 302
    made = model.objects.get()
    second = officer_client.post(reverse(url_name), payload, follow=True)
    assert second.status_code == 200
    assert model.objects.count() == 1
    assert second.redirect_chain[0][0] == SubmissionKey.objects.get(key=KEY).url
    assert str(made.pk) in second.redirect_chain[0][0]
    assert "Nothing was saved twice" in second.content.decode()
    # A new key (a new visit to the form) is a new record.
    again = {**payload, "submission_key": "another-key-0123456789"}
    if "occurrence_number" in again:
        again["occurrence_number"] = "OT-26-000124"
    officer_client.post(reverse(url_name), again)
    assert model.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_first_try_leaves_the_key_usable(officer_client, alpha):
    payload = {**drill_log_data(alpha), "submission_key": KEY, "end_time": "09:00"}  # ends before it starts
    assert officer_client.post(reverse("drills:drill_log"), payload).status_code == 200
    assert not SubmissionKey.objects.exists()
    fixed = officer_client.post(reverse("drills:drill_log"), {**payload, "end_time": "10:18"})
    assert fixed.status_code == 302 and Drill.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_of_another_user_is_another_submission(officer_client, other_officer_client, alpha, other_officer):
    payload = {**call_data(alpha), "submission_key": KEY}
    officer_client.post(reverse("schools:call_create"), payload)
    other_officer_client.post(reverse("schools:call_create"), {**payload, "occurrence_number": "OT-26-000999"})
    assert CallForService.objects.count() == 2


@pytest.mark.django_db
def test_committee_form_repeat_answers_with_the_committee(coordinator_client):
    payload = {"name": "Youth Drug Strategy", "active_from": "2026-01-01", "submission_key": KEY}
    first = coordinator_client.post(reverse("committees:committee_create"), payload)
    assert first.status_code == 302
    again = coordinator_client.post(reverse("committees:committee_create"), payload)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Committee.objects.count() == 1


@pytest.mark.django_db
def test_presentation_request_repeat(coordinator_client, alpha):
    payload = {
        "school": alpha.pk,
        "contact_name": "Ms. Rivera",
        "contact_email": "rivera@school.test",
        "topic": "Internet safety",
        "received_on": timezone.localdate().isoformat(),
        "language": "en",
        "submission_key": KEY,
    }
    first = coordinator_client.post(reverse("programs:presentationrequest_create"), payload)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert (
        coordinator_client.post(reverse("programs:presentationrequest_create"), payload)["Location"]
        == first["Location"]
    )
    assert PresentationRequest.objects.count() == 1


def _at_once(clients, url, payload):
    barrier = threading.Barrier(len(clients))
    statuses = [None] * len(clients)

    def send(i, client):
        try:
            barrier.wait(timeout=20)
            statuses[i] = client.post(url, payload).status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", ["drill_log", "call", "session", "threat"])
def test_same_post_twice_at_the_same_moment_makes_one_record(case):
    officer = make_user("concurrent_officer", Role.OFFICER)
    alpha = school("Concurrent School", officer=officer)
    url_name, data, model = CASES[case]
    payload = {**data(alpha), "submission_key": KEY}
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        client.force_login(officer)
        clients.append(client)
    statuses = _at_once(clients, reverse(url_name), payload)
    assert statuses == [302, 302]
    assert model.objects.count() == 1
    assert SubmissionKey.objects.get(key=KEY).object_id == model.objects.get().pk


@pytest.mark.django_db
def test_a_twin_that_committed_while_this_one_was_checked_is_answered_with_its_record(monkeypatch):
    """The race the test above hits now and then, made certain: the other request's record and claim commit after
    this one looked for a claim and before its form was checked, so the call's unique occurrence number refuses
    the form. The page then shows the record already made, not the refused form."""
    from csu import submission

    officer = make_user("concurrent_officer", Role.OFFICER)
    alpha = school("Concurrent School", officer=officer)
    url_name, data, model = CASES["call"]
    payload = {**data(alpha), "submission_key": KEY}
    client = Client()
    client.force_login(officer)
    first = client.post(reverse(url_name), payload)
    assert first.status_code == 302
    looked = []
    real = submission.find_claim

    def not_yet_then_found(request):
        looked.append(request.path)
        return None if len(looked) == 1 else real(request)  # the first look came before the twin committed

    monkeypatch.setattr(submission, "find_claim", not_yet_then_found)
    second = client.post(reverse(url_name), payload)
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert len(looked) == 2 and model.objects.count() == 1
