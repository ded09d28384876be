import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from drills import services
from drills.models import Drill, FollowUpAction
from tests.drills.factories import TZ, at, kind, school

NOW = at(2026, 10, 15, 12)
pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def report(start, minutes=15, **extra):
    return services.DrillReport(conducted_start=start, conducted_end=start + dt.timedelta(minutes=minutes), **extra)


def messages(exc: ValidationError) -> dict:
    return {field: [str(m) for m in errors] for field, errors in exc.message_dict.items()}


def test_schedule_by_the_assigned_officer(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13))
    assert (drill.status, drill.lead_officer, drill.covering, drill.occurs_on) == (
        "scheduled",
        officer,
        False,
        dt.date(2026, 11, 3),
    )
    assert drill.history.count() == 1
    assert drill.history.first().history_user == officer


def test_officer_not_assigned_must_mark_covering(officer, other_officer):
    s = school("Alpha", officer=other_officer)
    with pytest.raises(ValidationError) as exc:
        services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13))
    assert messages(exc.value)["covering"] == [
        "Officer_A is not assigned to this school on Nov. 3, 2026. Tick “Covering” if they are covering for the "
        "assigned officer."
    ]
    assert not Drill.objects.exists()
    drill = services.drill_schedule(
        user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13), covering=True
    )
    assert drill.covering is True


def test_assignment_is_checked_on_the_drill_date(officer, other_officer):
    # officer_a took the school over on 2026-11-01: a drill on 10-30 is covering, on 11-02 it is not.
    s = school("Alpha", officer=other_officer, since=dt.date(2020, 1, 1))
    s.assignments.update(end=dt.date(2026, 10, 31))
    s.assignments.create(officer=officer, start=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError):
        services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 10, 30, 13))
    ok = services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 2, 13))
    assert ok.covering is False


def test_covering_flag_is_dropped_when_the_officer_is_assigned(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_schedule(
        user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13), covering=True
    )
    assert drill.covering is False


def test_inactive_school_refused(officer):
    s = school("Closed", officer=officer, active=False)
    with pytest.raises(ValidationError) as exc:
        services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13))
    assert messages(exc.value)["school"] == ["This school is inactive; drills cannot be recorded for it."]


@pytest.mark.parametrize("when", [at(2027, 10, 20, 10), at(2025, 8, 1, 10)])
def test_date_outside_every_school_year(officer, when):
    s = school("Alpha", officer=officer)
    with pytest.raises(ValidationError) as exc:
        services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=when)
    assert messages(exc.value)["scheduled_for"] == [
        "This date is outside every school year drills can be recorded for (at most one year ahead)."
    ]


def test_log_end_before_start_and_future_date(officer):
    s = school("Alpha", officer=officer)
    start = at(2026, 10, 16, 10)  # tomorrow
    bad = services.DrillReport(conducted_start=start, conducted_end=start - dt.timedelta(minutes=5))
    with pytest.raises(ValidationError) as exc:
        services.drill_complete(user=officer, report=bad, school=s, kind=kind())
    assert messages(exc.value) == {
        "conducted_end": ["The drill must end after it started."],
        "conducted_start": ["A completed drill cannot be dated in the future."],
    }
    assert not Drill.objects.exists()


def test_log_a_new_completed_drill(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_complete(
        user=officer,
        report=report(at(2026, 10, 14, 10), students_count=320, staff_count=25, time_to_secure=95),
        school=s,
        kind=kind(),
    )
    assert drill.status == "completed"
    assert drill.occurs_on == dt.date(2026, 10, 14)
    assert drill.scheduled_for == at(2026, 10, 14, 10)
    assert (drill.students_count, drill.staff_count, drill.time_to_secure) == (320, 25, 95)


def test_officer_cannot_log_for_another_lead(officer, other_officer):
    s = school("Alpha", officer=other_officer)
    with pytest.raises(ValidationError) as exc:
        services.drill_complete(
            user=officer, report=report(at(2026, 10, 14)), school=s, kind=kind(), lead_officer=other_officer
        )
    assert messages(exc.value)["lead_officer"] == ["You may only record drills that you lead."]


def test_supervisor_may_log_for_an_officer(supervisor, officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_complete(
        user=supervisor, report=report(at(2026, 10, 14)), school=s, kind=kind(), lead_officer=officer
    )
    assert drill.lead_officer == officer and drill.created_by == supervisor and not drill.covering


def test_complete_a_scheduled_drill_with_version(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 10, 20, 13))
    drill.scheduled_for = at(2026, 10, 14, 13)  # pretend it moved; the service re-reads the row
    done = services.drill_complete(user=officer, report=report(at(2026, 10, 14, 13)), drill=drill, version=1)
    assert (done.status, done.version, done.occurs_on) == ("completed", 2, dt.date(2026, 10, 14))
    assert done.history.count() == 2


def test_stale_version_is_refused_and_row_unchanged(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13))
    services.drill_update(user=officer, drill=drill, version=1, scheduled_for=at(2026, 11, 4, 13))
    with pytest.raises(ValidationError) as exc:
        services.drill_update(user=officer, drill=drill, version=1, scheduled_for=at(2026, 11, 9, 13))
    assert "changed by someone else" in exc.value.messages[0]
    drill.refresh_from_db()
    assert (drill.version, drill.scheduled_for) == (2, at(2026, 11, 4, 13))
    with pytest.raises(ValidationError):
        services.drill_cancel(user=officer, drill=drill, version=1, reason="x")
    drill.refresh_from_db()
    assert drill.status == "scheduled"


def test_update_moves_the_date_and_checks_again(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13))
    with pytest.raises(ValidationError) as exc:
        services.drill_update(user=officer, drill=drill, version=1, scheduled_for=at(2028, 1, 1, 13))
    assert "scheduled_for" in exc.value.message_dict
    drill.refresh_from_db()
    assert drill.occurs_on == dt.date(2026, 11, 3) and drill.version == 1


def test_cancel_needs_a_reason(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_schedule(user=officer, school=s, kind=kind(), scheduled_for=at(2026, 11, 3, 13))
    with pytest.raises(ValidationError) as exc:
        services.drill_cancel(user=officer, drill=drill, version=1, reason="  ")
    assert messages(exc.value) == {"reason": ["Say why the drill is cancelled."]}
    services.drill_cancel(user=officer, drill=drill, version=1, reason="Snow day")
    drill.refresh_from_db()
    assert (drill.status, drill.cancel_reason, drill.version) == ("cancelled", "Snow day", 2)


def test_followups_create_and_resolve(officer):
    s = school("Alpha", officer=officer)
    drill = services.drill_complete(
        user=officer, report=report(at(2026, 10, 14), problems_found="Door 4 would not lock"), school=s, kind=kind()
    )
    with pytest.raises(ValidationError) as exc:
        services.followup_create(user=officer, drill=drill, description="", owner="", due_on=dt.date(2026, 10, 1))
    assert set(messages(exc.value)) == {"description", "owner", "due_on"}
    action = services.followup_create(
        user=officer, drill=drill, description="Fix door 4", owner="Head custodian", due_on=dt.date(2026, 10, 30)
    )
    with pytest.raises(ValidationError) as exc:
        services.followup_resolve(
            user=officer, followup=action, version=1, resolved_on=dt.date(2026, 10, 20), resolution="Fixed"
        )
    assert messages(exc.value) == {"resolved_on": ["The resolution date cannot be in the future."]}
    services.followup_resolve(
        user=officer, followup=action, version=1, resolved_on=dt.date(2026, 10, 15), resolution="Lock replaced"
    )
    action.refresh_from_db()
    assert (action.resolved_on, action.resolution, action.version) == (dt.date(2026, 10, 15), "Lock replaced", 2)
    assert FollowUpAction.objects.open().count() == 0


def test_logging_does_not_touch_the_broker(officer, settings, monkeypatch):
    # Nothing in the save path publishes: make any publish explode and log a drill.
    from kombu import Connection

    def boom(*args, **kwargs):
        raise AssertionError("the save path talked to the broker")

    monkeypatch.setattr(Connection, "ensure_connection", boom)
    monkeypatch.setattr(Connection, "connect", boom)
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    s = school("Alpha", officer=officer)
    drill = services.drill_complete(user=officer, report=report(at(2026, 10, 14)), school=s, kind=kind())
    assert Drill.objects.filter(pk=drill.pk, status="completed").exists()


def test_local_date_is_used_for_a_late_evening_drill(officer):
    # 23:30 in Toronto is the next day in UTC; the drill belongs to the local day.
    s = school("Alpha", officer=officer)
    start = dt.datetime(2026, 10, 14, 23, 30, tzinfo=TZ)
    drill = services.drill_complete(user=officer, report=report(start, minutes=10), school=s, kind=kind())
    assert drill.occurs_on == dt.date(2026, 10, 14)
