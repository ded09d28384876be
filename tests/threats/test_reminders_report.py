import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from csu.models import Reminder
from csu.services import reminders_send_due
from reports import figures
from reports.figures import Period
from tests.conftest import make_user
from threats.report import threat_assessments
from threats.services import reminders_sweep

from .conftest import make_assessment, make_school, outcome

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2025, 11, 3, 8, 0))


def test_overdue_follow_up_reminds_each_officer_once_then_weekly(officer, other_officer, supervisor):
    school = make_school("Cedar Public School")
    overdue = make_assessment(
        school, [officer, other_officer], assessed_on=dt.date(2025, 10, 1), follow_up_on=dt.date(2025, 11, 1)
    )
    make_assessment(school, [officer], assessed_on=dt.date(2025, 10, 1), follow_up_on=dt.date(2025, 11, 10))  # not yet
    make_assessment(
        school, [officer], assessed_on=dt.date(2025, 10, 1), follow_up_on=dt.date(2025, 10, 20), follow_up_done=True
    )
    gone = make_user("retired", "officer", is_active=False)
    make_assessment(school, [gone], assessed_on=dt.date(2025, 10, 1), follow_up_on=dt.date(2025, 10, 30))
    with time_machine.travel(NOW, tick=False):
        assert reminders_sweep(NOW) == 3  # two officers, and the supervisor for the one without an active officer
        assert reminders_sweep(NOW) == 0
        assert reminders_send_due(now=NOW) == 3
    assert sorted(m.to[0] for m in mail.outbox) == ["officer_a@csu.test", "officer_b@csu.test", "super@csu.test"]
    assert "Cedar Public School" in mail.outbox[0].subject
    assert "2025-11-01" in Reminder.objects.filter(recipient=officer).get().body
    later = NOW + dt.timedelta(days=7)
    with time_machine.travel(later, tick=False):
        assert reminders_sweep(later) == 3  # a week on, still not done: reminded again
    overdue.follow_up_done = True
    overdue.save()
    with time_machine.travel(later + dt.timedelta(days=7), tick=False):
        # the supervisor again for the one whose officer left, and the one due on 11-10 is now overdue
        assert reminders_sweep(later + dt.timedelta(days=7)) == 2


def test_french_officer_gets_french_reminder(officer):
    officer.language = "fr-ca"
    officer.save()
    make_assessment(
        make_school("Cedar"), [officer], assessed_on=dt.date(2025, 10, 1), follow_up_on=dt.date(2025, 11, 1)
    )
    reminders_sweep(NOW)
    assert Reminder.objects.get().subject.startswith("Suivi d’évaluation de la menace en retard")


def test_report_section_counts_by_hand(officer):
    elementary = make_school("Elm Public School")
    secondary = make_school("Oak Secondary", category="secondary")
    make_assessment(elementary, [officer], assessed_on=dt.date(2025, 3, 4), stage="2", outcome=outcome("high_concern"))
    make_assessment(secondary, [officer], assessed_on=dt.date(2025, 3, 20), outcome=outcome("low_concern"))
    make_assessment(secondary, [officer], assessed_on=dt.date(2025, 6, 1), outcome=outcome("referral"))
    make_assessment(secondary, [officer], assessed_on=dt.date(2024, 5, 1), outcome=outcome("referral"))  # last year
    make_assessment(
        secondary, [officer], assessed_on=dt.date(2025, 6, 2), status="voided", void_reason="Twice"
    )  # not counted
    section = threat_assessments(Period.of("calendar", 2025, today=dt.date(2026, 1, 15)))
    found = {(f.key, f.group): (f.this_period, f.previous_period) for f in section.figures}
    assert found[("threats.assessments", "")] == (3, 1)
    assert found[("threats.stage_two", "")] == (1, 0)
    assert found[("threats.outcome.high_concern", "High level of concern")] == (1, 0)
    assert found[("threats.outcome.referral", "Referral to a community agency")] == (1, 1)
    tables = {t.key: t for t in section.tables}
    assert ["Secondary", 2, 1, 1] in tables["by_level"].rows and ["Elementary", 1, 0, 1] in tables["by_level"].rows
    assert ["March 2025", 2, 0] in tables["by_month"].rows
    assert threat_assessments in figures.SECTIONS
