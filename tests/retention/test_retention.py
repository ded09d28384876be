"""Retention: the monthly listing, a supervisor's approval, holds, and the record of each destruction."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from csu.models import AuditEvent, Reminder
from drills.models import Drill
from retention import services
from retention.kinds import ANONYMISE, BY_KEY
from retention.models import Destruction, Hold, RetentionRule, Review
from retention.tasks import list_due
from tests.drills import factories as df

pytestmark = pytest.mark.django_db

LISTING_DAY = dt.datetime(2029, 12, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def old_drill(officer):
    school = df.school("Old Oak", officer=officer)
    drill = df.drill(school, officer, when=df.at(2026, 10, 5), debrief_notes="Mr. Roe's door 12 stuck")
    drill.problems_found = "Room 12 not secured"
    drill.save()
    return drill


@pytest.fixture
def recent_drill(officer):
    school = df.school("New Elm", officer=officer)
    return df.drill(school, officer, when=df.at(2028, 10, 5), debrief_notes="Fine")


def _listed():
    with time_machine.travel(LISTING_DAY, tick=False):
        return services.review_create()


def test_default_schedule_is_seeded():
    assert RetentionRule.objects.get(kind="drills").keep_years == 3
    assert RetentionRule.objects.get(kind="placements").keep_years == 1
    assert RetentionRule.objects.count() == 9


def test_listing_changes_nothing_until_approved(old_drill, recent_drill):
    review = _listed()
    item = review.items.get(kind="drills")
    assert item.object_ids == [old_drill.pk]  # the 2028 drill is within its 3 years
    old_drill.refresh_from_db()
    assert old_drill.debrief_notes == "Mr. Roe's door 12 stuck"
    assert not Destruction.objects.exists()


def test_approval_anonymises_the_record_and_its_history_and_records_it(
    old_drill, supervisor, django_capture_on_commit_callbacks
):
    review = _listed()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review=review, by=supervisor, approve=True)
    old_drill.refresh_from_db()
    assert old_drill.debrief_notes == "" and old_drill.problems_found == ""
    assert Drill.objects.filter(pk=old_drill.pk).exists()  # counts for past reports stay
    assert old_drill.conducted_start is not None and old_drill.school.name_en == "Old Oak"
    texts = list(old_drill.history.values_list("debrief_notes", "problems_found"))
    assert texts and all(a == "" and b == "" for a, b in texts)
    assert "Anonymised" in old_drill.history.first().history_change_reason
    record = Destruction.objects.get(kind="drills")
    assert (record.count, record.approved_by, record.action) == (1, supervisor, "anonymise")
    assert record.history_rows == old_drill.history.count()
    review.refresh_from_db()
    assert review.status == Review.Status.DONE
    assert services.review_apply(review_id=review.pk) == []  # a second run does nothing


def test_rejected_review_destroys_nothing(old_drill, supervisor, django_capture_on_commit_callbacks):
    review = _listed()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review=review, by=supervisor, approve=False, note="Check with legal first")
    old_drill.refresh_from_db()
    assert old_drill.debrief_notes
    assert not Destruction.objects.exists()


def test_a_hold_keeps_records_out_of_the_listing_until_released(old_drill, supervisor):
    hold = Hold.objects.create(
        reference="FOI-2029-017",
        reason=Hold.Reason.ACCESS_REQUEST,
        school=old_drill.school,
        placed_on=dt.date(2029, 1, 5),
    )
    review = _listed()
    assert review is None or not review.items.filter(kind="drills").exclude(object_ids=[]).exists()
    services.hold_release(hold=hold, by=supervisor, on=dt.date(2029, 11, 30))
    assert _listed().items.get(kind="drills").object_ids == [old_drill.pk]


def test_a_hold_placed_after_the_listing_still_protects_the_record(
    old_drill, supervisor, django_capture_on_commit_callbacks
):
    review = _listed()
    Hold.objects.create(reference="LH-9", reason=Hold.Reason.LEGAL_HOLD, kind="drills", placed_on=dt.date(2029, 12, 2))
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review=review, by=supervisor, approve=True)
    old_drill.refresh_from_db()
    assert old_drill.debrief_notes
    assert Destruction.objects.get(kind="drills").held_back == 1


def test_reminders_and_audit_events_are_destroyed_after_their_period(supervisor, django_capture_on_commit_callbacks):
    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC), tick=False):
        sent = Reminder.objects.create(
            key="k1", kind="drill", email="a@b.test", subject="s", body="b", send_after=timezone.now(),
            sent_at=timezone.now(), recipient=supervisor,
        )  # fmt: skip
        Reminder.objects.create(
            key="k2",
            kind="drill",
            email="a@b.test",
            subject="s",
            body="b",
            send_after=timezone.now(),
            recipient=supervisor,
        )
        AuditEvent.objects.create(action=AuditEvent.Action.SIGN_IN, username="x")
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        pk = list_due()
        review = Review.objects.get(pk=pk)
        assert review.items.get(kind="reminders").object_ids == [sent.pk]  # an unsent reminder is not "used" yet
        assert not review.items.filter(kind="audit_events").exists()  # kept 2 years
        with django_capture_on_commit_callbacks(execute=True):
            services.review_decide(review=review, by=supervisor, approve=True)
    assert list(Reminder.objects.values_list("key", flat=True)) == ["k2"]
    assert Destruction.objects.get(kind="reminders").count == 1


def test_an_older_pending_review_is_replaced(old_drill):
    first = _listed()
    with time_machine.travel(LISTING_DAY + dt.timedelta(days=31), tick=False):
        second = services.review_create()
    first.refresh_from_db()
    assert first.status == Review.Status.REJECTED and second.status == Review.Status.PENDING


def test_supervisor_reviews_and_approves_in_the_browser_pages(old_drill, supervisor_client):
    review = _listed()
    page = supervisor_client.get(f"/retention/reviews/{review.pk}/").content.decode()
    assert "Lockdown drills: 1" in page and "Old Oak" in page
    response = supervisor_client.post(f"/retention/reviews/{review.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status in (Review.Status.APPROVED, Review.Status.DONE)
    home = supervisor_client.get("/retention/").content.decode()
    assert "Retention schedule" in home and "3 years after its date" in home
    export = supervisor_client.get("/retention/destructions/?format=csv")
    assert export.status_code == 200


def test_hold_form_checks_its_dates(supervisor_client):
    response = supervisor_client.post(
        "/retention/holds/new/",
        {"reference": "FOI-1", "reason": "access_request", "placed_on": "2029-01-01",
         "records_from": "2028-05-01", "records_until": "2027-01-01"},
    )  # fmt: skip
    assert response.status_code == 400  # refused, the form shown again with the error
    assert "The end date is before the start date." in response.content.decode()
    assert not Hold.objects.exists()


@pytest.mark.parametrize("client_name", ["officer_client", "coordinator_client"])
def test_other_roles_are_refused(request, client_name, old_drill):
    client = request.getfixturevalue(client_name)
    review = _listed()
    for url in ("/retention/", f"/retention/reviews/{review.pk}/", "/retention/holds/new/", "/retention/destructions/"):
        assert client.get(url).status_code == 403
    assert client.post(f"/retention/reviews/{review.pk}/decide/", {"decision": "approve"}).status_code == 403
    review.refresh_from_db()
    assert review.status == Review.Status.PENDING


def test_anonymising_a_cancelled_drill_keeps_a_reason_and_finishes(
    officer, supervisor, django_capture_on_commit_callbacks
):
    """A cancelled drill must keep a cancel reason (a database constraint): its text is replaced, not blanked, so
    the review is applied instead of failing on the first cancelled record (found by the empty-form browser walk)."""
    school = df.school("Old Ash", officer=officer)
    cancelled = df.drill(
        school, officer, when=df.at(2026, 10, 7), status="cancelled", cancel_reason="Principal Roe away, Mr. Doe ill"
    )
    completed = df.drill(school, officer, when=df.at(2026, 10, 8), debrief_notes="Door 4 slow")
    review = _listed()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_decide(review=review, by=supervisor, approve=True)
    cancelled.refresh_from_db()
    completed.refresh_from_db()
    assert cancelled.status == Drill.Status.CANCELLED
    assert cancelled.cancel_reason == "—"
    assert "Roe" not in "".join(cancelled.history.values_list("cancel_reason", flat=True))
    assert completed.cancel_reason == "" and completed.debrief_notes == ""
    review.refresh_from_db()
    assert review.status == Review.Status.DONE
    assert Destruction.objects.get(kind="drills").count == 2
    again = services.due(BY_KEY["drills"], cutoff=LISTING_DAY.date(), action=ANONYMISE)
    assert not again.filter(pk__in=[cancelled.pk, completed.pk]).exists()  # anonymised rows are not listed again
