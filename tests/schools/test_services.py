import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schools import services
from schools.models import Assignment, CallForService, School
from tests.conftest import make_user

from .conftest import assign, make_call, make_school

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_open_assignment(school, officer, other_officer):
    assign(school, officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        assign(school, other_officer, start=dt.date(2025, 10, 1))


def test_transfer_closes_the_old_assignment_the_day_before(school, officer, other_officer, supervisor):
    assign(school, officer, start=dt.date(2025, 9, 1))
    new = services.assignment_transfer(school=school, officer=other_officer, start=dt.date(2026, 1, 12), by=supervisor)
    old = Assignment.objects.get(school=school, officer=officer)
    assert old.end == dt.date(2026, 1, 11)
    assert new.start == dt.date(2026, 1, 12) and new.end is None and new.created_by == supervisor
    assert Assignment.objects.filter(school=school, end__isnull=True).get().officer == other_officer
    assert old.history.first().history_user == supervisor


def test_transfer_to_the_same_officer_changes_nothing(school, officer, supervisor):
    assign(school, officer)
    assert (
        services.assignment_transfer(school=school, officer=officer, start=dt.date(2026, 1, 5), by=supervisor) is None
    )
    assert Assignment.objects.filter(school=school).count() == 1


def test_transfer_not_after_current_start_is_a_clear_error(school, officer, other_officer, supervisor):
    assign(school, officer, start=dt.date(2025, 9, 1))
    with pytest.raises(ValidationError) as info:
        services.assignment_transfer(school=school, officer=other_officer, start=dt.date(2025, 9, 1), by=supervisor)
    assert "must start after the current one" in str(info.value)
    assert Assignment.objects.get(school=school).end is None


def test_transfer_race_gives_a_clear_error_not_an_integrity_error(
    school, officer, other_officer, supervisor, monkeypatch
):
    # Simulate another transfer committing between our read and our insert: the read sees no open assignment.
    assign(school, officer)
    real_filter = Assignment.objects.select_for_update

    class Blind:
        def filter(self, **kwargs):
            return Assignment.objects.none()

    monkeypatch.setattr(services.Assignment.objects, "select_for_update", lambda: Blind())
    with pytest.raises(ValidationError) as info:
        services.assignment_transfer(school=school, officer=other_officer, start=dt.date(2026, 2, 1), by=supervisor)
    monkeypatch.setattr(services.Assignment.objects, "select_for_update", real_filter)
    assert "already has an officer assigned" in str(info.value)
    assert list(Assignment.objects.filter(school=school).values_list("officer__username", "end")) == [
        ("officer_a", None)
    ]


def test_transfer_refuses_a_non_officer(school, coordinator, supervisor):
    with pytest.raises(ValidationError):
        services.assignment_transfer(school=school, officer=coordinator, start=dt.date(2026, 1, 1), by=supervisor)


def test_bulk_reassign_moves_every_school(officer, other_officer, supervisor):
    a, b, c = make_school(), make_school(), make_school()
    assign(a, officer)
    assign(b, officer)
    changed = services.assignments_bulk_reassign(
        schools=[a, b, c], officer=other_officer, start=dt.date(2026, 1, 5), by=supervisor
    )
    assert changed == 3
    assert set(Assignment.objects.filter(end__isnull=True).values_list("school_id", "officer_id")) == {
        (a.pk, other_officer.pk),
        (b.pk, other_officer.pk),
        (c.pk, other_officer.pk),
    }
    assert set(Assignment.objects.filter(officer=officer).values_list("end", flat=True)) == {dt.date(2026, 1, 4)}


def test_bulk_reassign_is_all_or_nothing(officer, other_officer, supervisor):
    a, b = make_school(), make_school()
    closed = make_school(active=False)
    assign(a, officer)
    assign(b, officer)
    with pytest.raises(ValidationError) as info:
        services.assignments_bulk_reassign(
            schools=[a, closed, b], officer=other_officer, start=dt.date(2026, 1, 5), by=supervisor
        )
    assert "closed" in str(info.value)
    assert list(Assignment.objects.order_by("school_id").values_list("school_id", "officer_id", "end")) == [
        (a.pk, officer.pk, None),
        (b.pk, officer.pk, None),
    ]


def test_close_school_ends_assignment_and_keeps_history(school, officer, coordinator):
    assign(school, officer, start=dt.date(2025, 9, 1))
    services.school_close(school=school, closed_on=dt.date(2026, 6, 30), by=coordinator)
    school.refresh_from_db()
    assert school.active is False and school.closed_on == dt.date(2026, 6, 30)
    assert Assignment.objects.get(school=school).end == dt.date(2026, 6, 30)
    assert School.objects.filter(pk=school.pk).exists()
    assert school.history.count() == 2


def test_school_update_refuses_a_stale_version(school, coordinator, supervisor):
    services.school_update(school=school, expected_version=1, by=coordinator, name_en="Renamed")
    with pytest.raises(ValidationError) as info:
        services.school_update(school=school, expected_version=1, by=supervisor, name_en="Overwrite")
    assert "changed by someone else" in str(info.value)
    school.refresh_from_db()
    assert (school.name_en, school.version) == ("Renamed", 2)


def test_call_defaults_to_the_officer_recording_it(school, officer, other_officer, supervisor):
    assign(school, officer)
    call = services.call_create(
        by=other_officer,
        school=school,
        occurred_at=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
        category=CallForService.Category.THEFT,
        occurrence_number="26-1",
        summary="Bicycle stolen",
    )
    assert call.responding_officer == other_officer and call.created_by == other_officer
    by_supervisor = services.call_create(
        by=supervisor,
        school=school,
        occurred_at=dt.datetime(2026, 1, 5, 11, tzinfo=dt.UTC),
        category=CallForService.Category.THEFT,
        occurrence_number="26-2",
    )
    assert by_supervisor.responding_officer == officer  # a supervisor is not the responder: the school's officer


def test_call_at_unassigned_school_needs_an_officer_when_entered_by_a_supervisor(school, supervisor):
    with pytest.raises(ValidationError) as info:
        services.call_create(
            by=supervisor,
            school=school,
            occurred_at=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC),
            category=CallForService.Category.THEFT,
            occurrence_number="26-1",
        )
    assert "responding_officer" in info.value.error_dict


def test_void_needs_a_reason_and_keeps_the_row(school, officer):
    call = make_call(school, officer)
    with pytest.raises(ValidationError):
        services.call_void(call=call, reason="  ", by=officer)
    services.call_void(call=call, reason="Entered twice", by=officer)
    call.refresh_from_db()
    assert (call.status, call.void_reason, call.version) == ("voided", "Entered twice", 2)
    with pytest.raises(ValidationError):
        services.call_update(call=call, expected_version=2, by=officer, summary="x")


def test_inactive_officer_cannot_be_assigned(school, supervisor):
    gone = make_user("retired", "officer", is_active=False)
    with pytest.raises(ValidationError):
        services.assignment_transfer(school=school, officer=gone, start=dt.date(2026, 1, 1), by=supervisor)
