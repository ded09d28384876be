"""OFFICER_READS (issue 15): with `own` an officer reads the drills, calls and sessions of their current schools
and those they are named on; with `all` every officer reads every record. The footer says which."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from tests.conftest import _client_for, make_user
from tests.drills import factories as df
from tests.programs.conftest import make_program, make_session
from tests.schools.conftest import make_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    alpha = make_user("reads_alpha", Role.OFFICER, display_name="Officer Alpha")
    bravo = make_user("reads_bravo", Role.OFFICER, display_name="Officer Bravo")
    coordinator = make_user("reads_coord", Role.COORDINATOR)
    mine = df.school("Alpha School", officer=alpha)
    theirs = df.school("Bravo School", officer=bravo)
    when = timezone.now() - dt.timedelta(days=3)
    program = make_program()
    records = {
        "drill_theirs": df.drill(theirs, bravo, when=when),
        "drill_mine": df.drill(mine, bravo, when=when),  # at my school, led by someone else
        "drill_named": df.drill(theirs, alpha, when=when),  # led by me at their school
        "call_theirs": make_call(theirs, bravo),
        "call_mine": make_call(mine, bravo),
        "session_theirs": make_session(program=program, officer=bravo, school=theirs),
        "session_mine": make_session(program=program, officer=bravo, school=mine),
    }
    return alpha, bravo, coordinator, records


DETAIL = {"drill": "drills:drill_detail", "call": "schools:call_detail", "session": "programs:session_detail"}
LIST = {"drill": "drills:drill_list", "call": "schools:call_list", "session": "programs:session_list"}


def _status(client, record_key, records) -> int:
    return client.get(reverse(DETAIL[record_key.split("_")[0]], args=[records[record_key].pk])).status_code


def _csv(client, kind) -> str:
    response = client.get(reverse(LIST[kind]) + "?format=csv")
    return b"".join(response.streaming_content).decode()


def test_own_officers_read_their_schools_and_what_they_are_named_on(settings, unit):
    settings.OFFICER_READS = "own"
    alpha, bravo, coordinator, records = unit
    client = _client_for(alpha)
    for key in ("drill_mine", "drill_named", "call_mine", "session_mine"):
        assert _status(client, key, records) == 200, key
    for key in ("drill_theirs", "call_theirs", "session_theirs"):
        assert _status(client, key, records) == 404, key
    assert "Bravo School" not in _csv(client, "call") and "Alpha School" in _csv(client, "call")
    assert "Bravo School" in _csv(client, "drill")  # the drill alpha led there
    assert "Bravo School" not in _csv(client, "session")
    page = client.get(reverse("drills:drill_list")).content.decode()
    assert "their own schools" in page  # the footer says what is true
    # Their own officer and the coordinator read everything of Bravo School.
    for user in (bravo, coordinator):
        for key in ("drill_theirs", "call_theirs", "session_theirs"):
            assert _status(_client_for(user), key, records) == 200, (user, key)


def test_a_transfer_moves_what_an_officer_reads(settings, unit):
    settings.OFFICER_READS = "own"
    alpha, bravo, _coordinator, records = unit
    from schools.services import assignment_transfer

    school = records["call_theirs"].school
    assignment_transfer(school=school, officer=alpha, start=timezone.localdate(), by=None)
    assert _status(_client_for(alpha), "call_theirs", records) == 200
    assert _status(_client_for(bravo), "call_mine", records) == 200  # responded there: still named on it


def test_all_officers_read_every_record(settings, unit):
    settings.OFFICER_READS = "all"
    alpha, _bravo, _coordinator, records = unit
    client = _client_for(alpha)
    for key in records:
        assert _status(client, key, records) == 200, key
    assert "Bravo School" in _csv(client, "call")
    page = client.get(reverse("drills:drill_list")).content.decode()
    assert "share every school" in page
