import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.roles import sync_role_permissions
from tests.conftest import make_user
from threats.models import ThreatAssessment

from .conftest import behaviour, make_assessment, make_school, outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return make_school("Maple Ridge Public School")


def _post_data(school, officer, **extra):
    return {
        "school": school.pk,
        "assessed_on": extra.pop("assessed_on", (timezone.localdate() - dt.timedelta(days=1)).isoformat()),
        "officers": [officer.pk],
        "stage": "2",
        "behaviour": behaviour("weapon").pk,
        "outcome": outcome("support_plan").pk,
        "grade_band": "intermediate",
        "follow_up_on": extra.pop("follow_up_on", (timezone.localdate() + dt.timedelta(days=14)).isoformat()),
        "notes": "Replica seen in a backpack; support plan agreed with the school team.",
        **extra,
    }


def test_officer_records_an_assessment(officer_client, officer, school):
    response = officer_client.post(reverse("threats:threatassessment_create"), _post_data(school, officer))
    assessment = ThreatAssessment.objects.get()
    assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()
    assert assessment.stage == "2" and list(assessment.officers.all()) == [officer]
    assert assessment.created_by == officer
    page = officer_client.get(assessment.get_absolute_url()).content.decode()
    assert "Stage II assessment at Maple Ridge Public School" in page
    assert "Weapon or replica" in page and "Support or intervention plan" in page


def test_form_warns_never_to_identify_anyone(officer_client):
    page = officer_client.get(reverse("threats:threatassessment_create")).content.decode()
    assert "Never identify anyone." in page
    assert "student number" not in page.lower().replace("no names, initials, student numbers", "")


def test_form_errors_are_shown_next_to_fields(officer_client, officer, school):
    other = make_school("Other School")
    from .conftest import make_call

    call = make_call(other, officer)
    data = _post_data(
        school,
        officer,
        assessed_on=(timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        follow_up_on="",
        follow_up_done="on",
        call=call.pk,
    )
    response = officer_client.post(reverse("threats:threatassessment_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "An assessment cannot be dated in the future." in page
    assert "Give the follow-up date before marking it done." in page
    assert "This call was at another school." in page
    assert not ThreatAssessment.objects.exists()


@pytest.mark.parametrize("garbage", ["", "x", "9999999", "2025-13-45"])
def test_no_500_on_garbage(officer_client, officer, school, garbage):
    data = _post_data(school, officer, assessed_on=garbage, follow_up_on=garbage)
    data["stage"] = garbage
    assert officer_client.post(reverse("threats:threatassessment_create"), data).status_code == 200


def test_coordinator_gets_404_everywhere(coordinator_client, officer, school):
    assessment = make_assessment(school, [officer])
    for url in (
        reverse("threats:threatassessment_list"),
        reverse("threats:threatassessment_create"),
        assessment.get_absolute_url(),
        reverse("threats:threatassessment_update", args=[assessment.pk]),
        reverse("threats:listentry_list"),
    ):
        assert coordinator_client.get(url).status_code == 404, url
    assert (
        "Threat assessments"
        not in coordinator_client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    )


def test_setting_lets_the_coordinator_read_only(settings, officer, school):
    settings.THREATS_VISIBLE_TO_COORDINATOR = True
    sync_role_permissions()
    coordinator = make_user("coord2", "coordinator")
    assert Group.objects.get(name="coordinator").permissions.filter(codename="view_threatassessment").exists()
    from django.test import Client

    client = Client()
    client.force_login(coordinator)
    assessment = make_assessment(school, [officer])
    assert client.get(reverse("threats:threatassessment_list")).status_code == 200
    assert client.get(assessment.get_absolute_url()).status_code == 200
    assert client.get(reverse("threats:threatassessment_create")).status_code == 403
    assert client.get(reverse("threats:threatassessment_update", args=[assessment.pk])).status_code == 403
    settings.THREATS_VISIBLE_TO_COORDINATOR = False
    sync_role_permissions()


def test_officer_edits_only_their_assessments(officer_client, other_officer, officer, school):
    mine, theirs = make_assessment(school, [officer]), make_assessment(school, [other_officer])
    assert officer_client.get(reverse("threats:threatassessment_update", args=[mine.pk])).status_code == 200
    assert officer_client.get(reverse("threats:threatassessment_update", args=[theirs.pk])).status_code == 404
    assert officer_client.get(theirs.get_absolute_url()).status_code == 200  # the unit's officers read them all


def test_supervisor_edits_voids_and_closes_follow_up(supervisor_client, officer, school):
    assessment = make_assessment(school, [officer], follow_up_on=timezone.localdate() - dt.timedelta(days=1))
    response = supervisor_client.post(
        reverse("threats:threatassessment_follow_up_done", args=[assessment.pk]), {"version": 1}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.follow_up_done and assessment.version == 2
    response = supervisor_client.post(
        reverse("threats:threatassessment_void", args=[assessment.pk]), {"reason": "Entered twice", "version": 2}
    )
    assessment.refresh_from_db()
    assert assessment.status == "voided" and assessment.void_reason == "Entered twice"
    page = supervisor_client.get(assessment.get_absolute_url()).content.decode()
    assert "Voided" in page and "Entered twice" in page


def test_stale_edit_is_refused(officer_client, officer, school):
    assessment = make_assessment(school, [officer])
    data = _post_data(school, officer, version=1)
    ThreatAssessment.objects.filter(pk=assessment.pk).update(version=2)
    response = officer_client.post(reverse("threats:threatassessment_update", args=[assessment.pk]), data)
    assert "changed by someone else" in response.content.decode()


def test_list_has_a_fixed_number_of_queries(officer_client, officer, other_officer, school):
    url = reverse("threats:threatassessment_list")
    make_assessment(school, [officer])
    officer_client.get(url)  # warm the session and the caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert officer_client.get(url).status_code == 200
    for n in range(30):
        make_assessment(make_school(), [officer, other_officer], stage="2" if n % 2 else "1")
    with CaptureQueriesContext(connection) as many:
        page = officer_client.get(url)
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    assert page.content.decode().count("Grades") == 0  # the list shows bands only on the detail page


def test_list_filters_and_csv(supervisor_client, officer, school):
    make_assessment(school, [officer], stage="2", outcome=outcome("police_investigation"))
    make_assessment(make_school("Birch Secondary", category="secondary"), [officer])
    page = supervisor_client.get(reverse("threats:threatassessment_list"), {"stage": "2"}).content.decode()
    assert "<td>Maple Ridge Public School</td>" in page and "<td>Birch Secondary</td>" not in page
    page = supervisor_client.get(reverse("threats:threatassessment_list"), {"level": "secondary"}).content.decode()
    assert "<td>Birch Secondary</td>" in page and "<td>Maple Ridge Public School</td>" not in page
    response = supervisor_client.get(reverse("threats:threatassessment_list"), {"format": "csv", "stage": "2"})
    text = b"".join(response.streaming_content).decode()
    assert "Police investigation" in text and "Birch" not in text
    assert "Officer_A" in text or "Officer A" in text


def test_supervisor_dashboard_shows_counts(supervisor_client, officer, school):
    make_assessment(school, [officer], stage="2", outcome=outcome("high_concern"))
    make_assessment(
        school, [officer], outcome=outcome("high_concern"), follow_up_on=timezone.localdate() - dt.timedelta(days=1)
    )
    page = supervisor_client.get(reverse("dashboard_role", args=["supervisor"])).content.decode()
    assert "2 assessments" in page and "1 went on to Stage II" in page
    assert "High level of concern: <strong>2</strong>" in page
    assert "Follow-ups overdue" in page


def test_school_page_shows_the_panel_to_officers(officer_client, officer, school):
    make_assessment(school, [officer])
    page = officer_client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "Record an assessment" in page and "Online threat" not in page
    assert "Threat made online or by text message" in page


def test_supervisor_edits_the_lists(supervisor_client, officer_client):
    response = supervisor_client.post(
        reverse("threats:behaviourkind_create"),
        {
            "code": "fire_setting",
            "name_en": "Fire setting",
            "name_fr": "Allumage d'incendie",
            "position": 55,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert "Fire setting" in supervisor_client.get(reverse("threats:listentry_list")).content.decode()
    assert officer_client.get(reverse("threats:behaviourkind_create")).status_code == 403
    assert supervisor_client.get("/threats/lists/nothing/add/").status_code == 404
