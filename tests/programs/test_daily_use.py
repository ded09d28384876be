"""Issue 18 (daily use): programs seen by officers and the coordinator, in both languages."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from csu.text import from_name
from events.selectors import calendar_collect, calendar_kinds
from tests.programs.conftest import aware, make_program, make_request, make_school, make_session

pytestmark = pytest.mark.django_db


def test_program_label_does_not_repeat_its_code():
    assert (
        str(make_program("VIP", name_en="VIP — Values, Influences and Peers")) == "VIP — Values, Influences and Peers"
    )
    assert str(make_program("KIDS")) == "KIDS"
    assert str(make_program("CBC", name_en="Challenges, Beliefs and Change")) == "CBC — Challenges, Beliefs and Change"


@pytest.mark.parametrize(
    ("name", "fr", "en"),
    [
        ("Overbrook", "d’Overbrook", "from Overbrook"),
        ("École Élisabeth-Bruyère", "d’École Élisabeth-Bruyère", "from École Élisabeth-Bruyère"),
        ("Hillcrest HS", "d’Hillcrest HS", "from Hillcrest HS"),
        ("Queen Mary PS", "de Queen Mary PS", "from Queen Mary PS"),
    ],
)
def test_from_name_elides_de_in_french(name, fr, en):
    assert from_name(name, "fr-ca") == fr
    assert from_name(name, "en-ca") == en


def test_request_page_title_elides_in_french(coordinator_client):
    req = make_request(organisation="Overbrook Community Centre")
    url = reverse("programs:presentationrequest_detail", args=[req.pk])
    assert "Request from Overbrook Community Centre" in coordinator_client.get(url).content.decode()
    html = coordinator_client.get(url, headers={"accept-language": "fr-ca"}).content.decode()
    assert "Demande d’Overbrook Community Centre" in html


def test_scheduling_takes_a_time_and_shows_on_the_calendar(officer, coordinator, coordinator_client):
    req = make_request(organisation="Vanier Youth Centre", received_on=dt.date(2025, 10, 1))
    # Booked ahead of the day (a date already past would need "Late entry", tests/entry/test_limits.py).
    booking_day = timezone.make_aware(dt.datetime(2025, 10, 15, 9))
    with time_machine.travel(booking_day, tick=False):
        response = coordinator_client.post(
            reverse("programs:presentationrequest_schedule", args=[req.pk]),
            {"officer": officer.pk, "scheduled_for": "2025-10-21", "scheduled_time": "18:30", "version": 1},
        )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.scheduled_time == dt.time(18, 30)
    assert "presentation" in calendar_kinds() and "session" in calendar_kinds() and "drill" in calendar_kinds()
    items = calendar_collect(start=dt.date(2025, 10, 19), end=dt.date(2025, 10, 26), user=coordinator, staff=officer)
    (item,) = [i for i in items if i.kind == "presentation"]
    assert timezone.localtime(item.start).time() == dt.time(18, 30)
    assert "Vanier Youth Centre" in item.title
    html = coordinator_client.get("/events/calendar/?view=week&date=2025-10-21&staff=").content.decode()
    assert "Internet safety — Vanier Youth Centre" in html and "6:30 p.m." in html
    # Without a time the form says so next to the field.
    req2 = make_request(organisation="Other")
    with time_machine.travel(booking_day, tick=False):
        response = coordinator_client.post(
            reverse("programs:presentationrequest_schedule", args=[req2.pk]),
            {"officer": officer.pk, "scheduled_for": "2025-10-21", "version": 1},
        )
    assert response.status_code == 400
    assert list(response.context["transition_error_form"].errors) == ["scheduled_time"]
    req2.refresh_from_db()
    assert req2.scheduled_for is None


def test_queue_shows_days_waiting(coordinator_client):
    make_request(organisation="Waiting Org", received_on=dt.date(2025, 10, 1))
    with time_machine.travel(timezone.make_aware(dt.datetime(2025, 10, 15, 9)), tick=False):
        html = coordinator_client.get(reverse("programs:presentationrequest_list")).content.decode()
        dashboard = coordinator_client.get("/dashboard/coordinator/").content.decode()
    assert "Days waiting" in html and "<td>14</td>" in html
    assert "waiting 14 days" in dashboard


def test_session_page_offers_to_start_a_class_series(officer, officer_client):
    vip = make_program("VIP")
    school = make_school("Queen Mary PS")
    session = make_session(program=vip, officer=officer, school=school, grades="6", class_label="Room 4")
    html = officer_client.get(reverse("programs:session_detail", args=[session.pk])).content.decode()
    assert "Start a class series" in html
    link = reverse("programs:classseries_create") + f"?program={vip.pk}&amp;school={school.pk}&amp;grade=6"
    assert link in html
    form = officer_client.get(
        reverse("programs:classseries_create"), {"program": vip.pk, "school": school.pk, "grade": "6"}
    ).context["form"]
    assert form.initial["program"] == vip.pk and form.initial["school"] == school.pk and form.initial["grade"] == "6"
    one_off = make_session(program=make_program("TALK"), officer=officer, school=school)
    assert (
        "Start a class series"
        not in officer_client.get(reverse("programs:session_detail", args=[one_off.pk])).content.decode()
    )


def test_dates_and_times_have_one_format_per_language(officer, officer_client):
    session = make_session(program=make_program("VIP"), officer=officer, starts_at=aware(2026, 12, 1, 10))
    url = reverse("programs:session_detail", args=[session.pk])
    assert "Dec. 1, 2026, 10:00 a.m." in officer_client.get(url).content.decode()
    with translation.override("fr-ca"):
        html = officer_client.get(url, headers={"accept-language": "fr-ca"}).content.decode()
    assert "1 déc. 2026, 10\xa0h\xa000" in html
