"""Leaving the unit: a supervisor closes an account and hands what the person held to others, from one page."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import CalendarToken, Role
from csu.models import AuditEvent
from drills.models import Drill, FollowUpAction
from schools.models import Assignment
from tests.committees import factories as cf
from tests.conftest import make_user
from tests.drills import factories as df

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(officer):
    """officer_a holds two schools, a scheduled drill, an open follow-up and an open action item."""
    north = df.school("North", officer=officer)
    df.school("South", officer=officer)
    soon = timezone.now() + dt.timedelta(days=10)
    df.drill(north, officer, when=soon, status="scheduled")
    done = df.drill(north, officer, when=timezone.now() - dt.timedelta(days=5))
    FollowUpAction.objects.create(drill=done, description="Fix door 4 lock", owner="Custodian", due_on=dt.date.today())
    cf.action_item(cf.committee(), owner=officer, description="Send the youth survey")
    return officer


def test_page_lists_what_the_person_holds(supervisor_client, leaver):
    page = supervisor_client.get(f"/accounts/people/{leaver.pk}/handover/").content.decode()
    for text in ("North", "South", "Fix door 4 lock", "Send the youth survey", "Schools assigned (2)"):
        assert text in page


def test_hand_over_moves_each_kind_to_its_new_holder_with_history(supervisor_client, supervisor, leaver, other_officer):
    coord = make_user("coord2", Role.COORDINATOR)
    response = supervisor_client.post(
        f"/accounts/people/{leaver.pk}/handover/",
        {"schools.assignments": other_officer.pk, "drills.scheduled": other_officer.pk,
         "committees.action_items": coord.pk},
    )  # fmt: skip
    assert response.status_code == 302
    today = timezone.localdate()
    open_now = Assignment.objects.filter(end__isnull=True)
    assert set(open_now.values_list("officer__username", flat=True)) == {"officer_b"}
    assert set(Assignment.objects.filter(officer=leaver).values_list("end", flat=True)) == {
        today - dt.timedelta(days=1)
    }
    scheduled = Drill.objects.get(status="scheduled")
    assert scheduled.lead_officer == other_officer
    last = scheduled.history.first()
    assert last.history_user == supervisor and last.history_change_reason == "Handed over"
    assert Drill.objects.get(status="completed").lead_officer == leaver  # who led a past drill stays true
    from committees.models import ActionItem

    assert ActionItem.objects.get().owner == coord
    assert AuditEvent.objects.filter(action=AuditEvent.Action.HANDOVER).count() == 3
    after = supervisor_client.get(f"/accounts/people/{leaver.pk}/handover/").content.decode()
    assert "Schools assigned" not in after and "Scheduled drills to lead" not in after
    assert "Fix door 4 lock" in after  # follow-ups stay with their drill


def test_recipient_must_hold_the_needed_role(supervisor_client, leaver, coordinator):
    response = supervisor_client.post(
        f"/accounts/people/{leaver.pk}/handover/", {"schools.assignments": coordinator.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Assignment.objects.filter(officer=leaver, end__isnull=True).count() == 2


def test_close_account_stops_sign_in_and_feeds(supervisor_client, leaver):
    token = CalendarToken.objects.create(user=leaver)
    response = supervisor_client.post(f"/accounts/people/{leaver.pk}/deactivate/")
    assert response.status_code == 302
    leaver.refresh_from_db()
    token.refresh_from_db()
    assert not leaver.is_active and token.revoked_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.USER_DEACTIVATED, target__contains="Officer_A").exists()


def test_supervisor_cannot_close_their_own_account(supervisor_client, supervisor):
    supervisor_client.post(f"/accounts/people/{supervisor.pk}/deactivate/")
    supervisor.refresh_from_db()
    assert supervisor.is_active


def test_staff_list_filters_and_exports(supervisor_client, leaver, other_officer, django_assert_max_num_queries):
    page = supervisor_client.get("/accounts/people/?name=officer_b").content.decode()
    assert "Officer_B" in page and "Officer_A" not in page
    export = supervisor_client.get("/accounts/people/?format=csv")
    body = b"".join(export.streaming_content).decode()
    assert "officer_a" in body and "local password" in body


@pytest.mark.parametrize("client_name", ["officer_client", "coordinator_client"])
def test_other_roles_are_refused(request, client_name, leaver):
    client = request.getfixturevalue(client_name)
    assert client.get("/accounts/people/").status_code == 403
    assert client.get(f"/accounts/people/{leaver.pk}/handover/").status_code == 403
    assert client.post(f"/accounts/people/{leaver.pk}/deactivate/").status_code == 403
    leaver.refresh_from_db()
    assert leaver.is_active
