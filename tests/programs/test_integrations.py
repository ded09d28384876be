"""The hooks other apps call: calendar items, school panels; and the request delivery page."""

import datetime as dt

import pytest
from django.test import RequestFactory
from django.urls import reverse

from programs import services
from programs.calendar import calendar_items
from programs.models import PresentationRequest
from programs.school_panels import panels as school_panels

from .conftest import aware, make_program, make_request, make_session

pytestmark = pytest.mark.django_db


def test_calendar_items_for_sessions(vip, school, officer, other_officer, supervisor, django_assert_max_num_queries):
    inside = make_session(program=vip, officer=officer, school=school, starts_at=aware(2025, 10, 6, 9, 30))
    theirs = make_session(program=vip, officer=other_officer, school=school, starts_at=aware(2025, 10, 7, 13))
    make_session(program=vip, officer=officer, school=school, starts_at=aware(2025, 11, 3, 9, 30))  # outside
    voided = make_session(program=vip, officer=officer, school=school, starts_at=aware(2025, 10, 8))
    services.session_void(session=voided, reason="Duplicate", version=1, by=officer)

    with django_assert_max_num_queries(4):
        items = list(calendar_items(start=dt.date(2025, 10, 1), end=dt.date(2025, 11, 1), user=supervisor))
    assert [i.uid for i in items] == [f"session-{inside.pk}@csu", f"session-{theirs.pk}@csu"]
    first = items[0]
    assert first.kind == "session"
    assert first.title == "VIP · Riverview Public School"
    assert first.end - first.start == dt.timedelta(minutes=60)
    assert first.staff_ids == (officer.pk,)
    assert first.url == reverse("programs:session_detail", args=[inside.pk])

    mine = list(calendar_items(start=dt.date(2025, 10, 1), end=dt.date(2025, 11, 1), user=officer, staff=officer))
    assert [i.uid for i in mine] == [f"session-{inside.pk}@csu"]


def test_calendar_is_empty_without_permission(vip, school, officer, make_user_without_role):
    make_session(program=vip, officer=officer, school=school)
    assert list(calendar_items(start=dt.date(2025, 1, 1), end=dt.date(2026, 1, 1), user=make_user_without_role)) == []


@pytest.fixture
def make_user_without_role(db):
    from tests.conftest import make_user

    return make_user("nobody")


def test_school_panel_lists_recent_sessions_and_a_log_link(vip, school, officer, supervisor):
    for day in range(1, 8):
        make_session(program=vip, officer=officer, school=school, starts_at=aware(2025, 10, day))
    request = RequestFactory().get("/")
    request.user = officer
    (panel,) = school_panels(request, school)
    assert panel.template == "programs/panels/school.html"
    assert [s.starts_at.day for s in panel.data["sessions"]] == [7, 6, 5, 4, 3]
    assert panel.data["can_log"] is True
    request.user = supervisor
    assert school_panels(request, school)[0].data["can_log"] is False


def test_coordinator_marks_a_request_delivered(officer, coordinator_client):
    program = make_program("COMMUNITY-PRES")
    req = make_request(received_on=dt.date(2025, 10, 1))
    services.presentation_request_schedule(
        request=req, officer=officer, scheduled_for=dt.date(2025, 10, 20), version=1, late_entry=True
    )
    session = make_session(
        program=program, officer=officer, starts_at=aware(2025, 10, 20, 19), organisation="Vanier Youth Centre"
    )
    # Not offered: another organisation's session, and one a month away from the date booked.
    make_session(program=program, officer=officer, starts_at=aware(2025, 10, 20, 15))
    make_session(
        program=program, officer=officer, starts_at=aware(2025, 11, 24, 19), organisation="Vanier Youth Centre"
    )
    page = coordinator_client.get(reverse("programs:presentationrequest_detail", args=[req.pk]))
    assert page.status_code == 200
    assert list(page.context["deliver_form"].fields["session"].queryset) == [session]
    response = coordinator_client.post(
        reverse("programs:presentationrequest_deliver", args=[req.pk]), {"session": session.pk, "version": 2}
    )
    assert response.status_code == 302
    req = PresentationRequest.objects.select_related("session").get(pk=req.pk)
    assert (req.status, req.session_id, req.days_to_delivery) == ("delivered", session.pk, 19)
    detail = coordinator_client.get(reverse("programs:presentationrequest_detail", args=[req.pk])).content.decode()
    assert "Days from request to delivery" in detail
    assert '<dd class="col-sm-8">19</dd>' in detail
