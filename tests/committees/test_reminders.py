import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from committees.services import reminders_sweep
from committees.tasks import sweep_committee_reminders
from csu.models import Reminder
from csu.services import reminders_send_due
from tests.committees import factories as f

D = dt.date
NOW = timezone.make_aware(dt.datetime(2025, 11, 3, 8, 0))  # Monday 08:00 Toronto


@pytest.fixture
def setup(officer, other_officer, coordinator):
    drug = f.committee("Drug Strategy")
    f.representation(drug, other_officer, D(2024, 1, 1))
    soon = f.meeting(drug, f.aware(D(2025, 11, 4), 13))  # in 29 hours
    soon.attendees.set([officer])
    f.meeting(drug, f.aware(D(2025, 11, 10), 13))  # next week: too far
    f.meeting(drug, f.aware(D(2025, 11, 4), 15), status="cancelled", cancel_reason="No quorum")
    f.action_item(drug, owner=officer, due_on=D(2025, 11, 5), description="Due soon")
    f.action_item(drug, owner=other_officer, due_on=D(2025, 10, 30), description="Overdue")
    f.action_item(drug, owner_text="Public Health", due_on=D(2025, 10, 31), description="Partner's, overdue")
    f.action_item(drug, owner=officer, due_on=D(2025, 10, 1), closed_on=D(2025, 10, 2), description="Closed")
    f.action_item(drug, owner=officer, due_on=D(2025, 11, 30), description="Far away")
    return drug


@pytest.mark.django_db
def test_sweep_queues_each_reminder_once_and_they_are_sent_once(setup, officer, other_officer, coordinator):
    with time_machine.travel(NOW, tick=False):
        created = reminders_sweep(NOW)
        # meeting: attendee officer + representative other_officer; items: officer (soon), other_officer
        # (overdue), the coordinator for the partner-owned overdue item.
        assert created == 5
        assert reminders_sweep(NOW) == 0
        assert sweep_committee_reminders.delay().get() == 0
        rows = sorted(Reminder.objects.values_list("kind", "recipient__username"))
        assert rows == [
            ("committee_action_due", "officer_a"),
            ("committee_action_overdue", "coord"),
            ("committee_action_overdue", "officer_b"),
            ("committee_meeting_soon", "officer_a"),
            ("committee_meeting_soon", "officer_b"),
        ]
        assert reminders_send_due(now=NOW) == 5
        assert reminders_send_due(now=NOW) == 0
    assert len(mail.outbox) == 5
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects[0] == "Action item due soon: Drug Strategy"
    assert "Meeting soon: Drug Strategy on 2025-11-04 13:00" in subjects


@pytest.mark.django_db
def test_moving_the_meeting_reminds_again(setup, officer):
    with time_machine.travel(NOW, tick=False):
        reminders_sweep(NOW)
        meeting = setup.meetings.get(starts_at=f.aware(D(2025, 11, 4), 13))
        meeting.starts_at = f.aware(D(2025, 11, 4), 16)
        meeting.save()
        assert reminders_sweep(NOW) == 2


def test_beat_schedule_runs_the_sweep(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "committees.tasks.sweep_committee_reminders" in tasks


@pytest.mark.django_db
def test_sweep_query_count_does_not_grow_with_meetings_items_and_reminders(setup, officer, other_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sweep_queries() -> tuple[int, int]:
        Reminder.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            created = reminders_sweep(NOW)
        return len(ctx.captured_queries), created

    with time_machine.travel(NOW, tick=False):
        before, created_before = sweep_queries()
        for n in range(6):  # more committees, meetings, representatives and overdue items: more reminders
            committee = f.committee(f"Committee {n}")
            f.representation(committee, other_officer, D(2024, 1, 1))
            f.meeting(committee, f.aware(D(2025, 11, 4), 9)).attendees.set([officer])
            f.action_item(committee, owner=officer, due_on=D(2025, 10, 20), description=f"Late {n}")
        after, created_after = sweep_queries()
    assert created_after == created_before + 6 * 3
    assert after == before
