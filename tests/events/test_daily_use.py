"""Issue 18 (daily use): the calendar, the dashboards, meetings and the coverage page as each role meets them."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from committees.models import Meeting
from events.models import Event
from schools.models import Assignment
from tests.committees import factories as f
from tests.drills import factories as drill_factories

pytestmark = pytest.mark.django_db
D = dt.date
NOW = timezone.make_aware(dt.datetime(2025, 11, 5, 9, 0))


def test_calendar_opens_on_the_signed_in_person(officer, other_officer, officer_client):
    Event.objects.create(
        title="Mine", starts_at=f.aware(D(2025, 11, 5), 9), ends_at=f.aware(D(2025, 11, 5), 10), lead=officer
    )
    Event.objects.create(
        title="Theirs", starts_at=f.aware(D(2025, 11, 5), 9), ends_at=f.aware(D(2025, 11, 5), 10), lead=other_officer
    )
    html = officer_client.get("/events/calendar/?date=2025-11-05").content.decode()
    assert "Mine" in html and "Theirs" not in html
    assert f'<option value="{officer.pk}" selected>' in html
    everyone = officer_client.get("/events/calendar/?date=2025-11-05&staff=").content.decode()
    assert "Mine" in everyone and "Theirs" in everyone


def test_calendar_filter_offers_every_kind_with_coloured_named_badges(officer, officer_client):
    school = drill_factories.school("Queen Mary PS", officer=officer)
    drill_factories.drill(school, officer, when=f.aware(D(2025, 11, 5), 10), status="scheduled")
    html = officer_client.get("/events/calendar/?view=week&date=2025-11-05").content.decode()
    for kind in ("session", "presentation", "drill", "meeting", "action_item", "event"):
        assert f'value="{kind}"' in html
    assert 'class="badge cal-kind cal-kind-drill">Drill</span>' in html
    assert "10:00 a.m." in html
    french = officer_client.get(
        "/events/calendar/?view=week&date=2025-11-05", headers={"accept-language": "fr-ca"}
    ).content.decode()
    assert 'cal-kind-drill">Exercice</span>' in french
    assert "10\xa0h\xa000" in french
    assert "Semaine précédente" in french and "Agenda" in french and "Ordre du jour" not in french


def test_month_marks_agenda_on_phones_and_names_months(officer_client):
    html = officer_client.get("/events/calendar/?date=2025-11-05").content.decode()
    assert 'class="btn btn-outline-primary d-md-none active" aria-current="page"' in html
    assert "Previous month" in html and "Next month" in html
    french = officer_client.get("/events/calendar/?date=2025-11-05", headers={"accept-language": "fr-ca"})
    assert "Mois précédent" in french.content.decode() and "Mois suivant" in french.content.decode()
    assert '<abbr title="samedi">sam</abbr>' in french.content.decode()


def test_officer_dashboard_has_today_and_record_a_call(officer, officer_client):
    Event.objects.create(
        title="Bike rodeo today",
        starts_at=f.aware(D(2025, 11, 5), 13),
        ends_at=f.aware(D(2025, 11, 5), 14),
        lead=officer,
    )
    with time_machine.travel(NOW, tick=False):
        html = officer_client.get("/dashboard/officer/").content.decode()
    assert "Record a call" in html and reverse("schools:call_create") in html
    assert "Today, Nov. 5, 2025" in html
    assert html.index("Today, Nov. 5, 2025") < html.index('id="my-schools-heading"')
    assert "Bike rodeo today" in html and "1:00 p.m." in html


def test_coordinator_dashboard_opens_with_own_work(coordinator_client):
    with time_machine.travel(NOW, tick=False):
        html = coordinator_client.get("/dashboard/coordinator/").content.decode()
    assert html.index("programs-requests-heading") < html.index("panel-committees-heading")
    assert html.index("panel-committees-heading") < html.index("drills-supervisor-heading")


def test_held_meeting_offers_no_cancel_and_action_item_returns_to_meeting(coordinator_client):
    drug = f.committee("Drug Strategy")
    meeting = f.meeting(drug, f.aware(D(2025, 11, 6), 13), status=Meeting.Status.HELD)
    html = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Cancel this meeting" not in html
    response = coordinator_client.post(
        reverse("committees:meeting_cancel", args=[meeting.pk]), {"reason": "x", "version": meeting.version}
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and response.status_code in (200, 302, 400)
    create = reverse("committees:actionitem_create") + f"?committee={drug.pk}&meeting={meeting.pk}"
    form = coordinator_client.get(create).context["form"]
    data = dict.fromkeys(form.fields, "")
    data.update(committee=drug.pk, meeting=meeting.pk, description="Send the minutes")
    data = {k: v for k, v in data.items() if v != ""}
    response = coordinator_client.post(create, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"] == meeting.get_absolute_url()
    unsafe = coordinator_client.post(create + "&next=https://evil.example/", data)
    assert unsafe["Location"] == meeting.get_absolute_url()


def test_coverage_is_paginated_and_reassigning_asks_first(supervisor_client, officer, other_officer):
    schools = [drill_factories.school(f"School {i:03d}", officer=officer) for i in range(55)]
    page = supervisor_client.get(reverse("schools:assignment_coverage"))
    assert page.context["paginator"].num_pages == 2 and len(page.context["schools"]) == 50
    data = {"schools": [schools[0].pk], "officer": other_officer.pk, "start": "2026-01-12"}
    confirm = supervisor_client.post(reverse("schools:assignment_coverage"), data)
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "Confirm the reassignment" in text and "keep their lead officer" in text
    assert Assignment.objects.get(school=schools[0], end__isnull=True).officer == officer
    done = supervisor_client.post(reverse("schools:assignment_coverage"), {**data, "confirmed": "1"})
    assert done.status_code == 302
    assert Assignment.objects.get(school=schools[0], end__isnull=True).officer == other_officer


def test_favicon_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"].startswith("image/")
