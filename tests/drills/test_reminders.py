import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csu.models import Reminder
from csu.services import reminders_send_due
from drills.services import reminders_sweep
from tests.conftest import make_user, wait_for
from tests.drills.factories import at, drill, school

pytestmark = [pytest.mark.django_db]


def utc(drill_) -> str:
    return f"{drill_.scheduled_for.astimezone(dt.UTC):%Y%m%d%H%M}"


def keys() -> list[str]:
    return sorted(Reminder.objects.values_list("key", flat=True))


@pytest.fixture
def world(officer, supervisor):
    """On 2026-11-25 (fall deadline 2026-12-20 is 25 days away, inside the 30-day window):

    Alpha has a lockdown booked on 12-01 (6 days ahead): on track, lead-time notice "7".
    Beta has nothing: due soon -> officer and supervisor.
    Gamma did both lockdowns: compliant; one follow-up of its drill was due 11-20: past due.
    """
    alpha, beta, gamma = (school(n, officer=officer) for n in ("Alpha", "Beta", "Gamma"))
    planned = drill(alpha, officer, when=at(2026, 12, 1, 13), status="scheduled")
    drill(gamma, officer, when=at(2026, 9, 20))
    done = drill(gamma, officer, when=at(2026, 10, 20))
    action = done.followups.create(description="Fix door", owner="Custodian", due_on=dt.date(2026, 11, 20))
    return {"alpha": alpha, "beta": beta, "gamma": gamma, "planned": planned, "action": action}


def test_sweep_creates_each_reminder_once_and_sends_once(world, officer, supervisor, mailoutbox):
    with time_machine.travel(at(2026, 11, 25, 6), tick=False):
        assert reminders_sweep() == 5
        assert reminders_sweep() == 0
    beta, planned, action = world["beta"], world["planned"], world["action"]
    assert keys() == sorted(
        [
            f"drills:before:{planned.pk}:7:{utc(planned)}",
            f"drills:digest:2026-W48:{supervisor.pk}",
            f"drills:followup:{action.pk}:20261120",
            f"drills:unscheduled:{beta.pk}:20261220:{officer.pk}",
            f"drills:unscheduled:{beta.pk}:20261220:{supervisor.pk}",
        ]
    )
    with time_machine.travel(at(2026, 11, 25, 6, 5), tick=False):
        assert reminders_send_due() == 5
        assert reminders_send_due() == 0
    assert len(mailoutbox) == 5
    subjects = sorted(m.subject for m in mailoutbox)
    assert "Drills to schedule at Beta: Lockdown" in subjects
    assert "Follow-up past due at Gamma" in subjects
    assert "Drill compliance this week" in subjects
    digest = next(m for m in mailoutbox if m.subject == "Drill compliance this week")
    assert "- Due soon: 1" in digest.body and "- Compliant: 1" in digest.body and "- On track: 1" in digest.body
    assert "Required per school: Lockdown 2." in digest.body
    notice = next(m for m in mailoutbox if m.subject.startswith("Drills to schedule at Beta"))
    assert "- Lockdown: 0 of 2 done" in notice.body and "required by Dec. 20, 2026," in notice.body
    assert {tuple(m.to) for m in mailoutbox} == {("officer_a@csu.test",), ("super@csu.test",)}


def test_each_lead_time_once(officer):
    s = school("Alpha", officer=officer)
    planned = drill(s, officer, when=at(2026, 11, 30, 13), status="scheduled")
    drill(s, officer, when=at(2026, 9, 15))  # fall requirement met: no unscheduled notice
    with time_machine.travel(at(2026, 10, 20, 6), tick=False):  # 41 days ahead: nothing yet
        assert reminders_sweep() == 0
    with time_machine.travel(at(2026, 10, 31, 6), tick=False):  # 30 days ahead
        assert reminders_sweep() == 1
    with time_machine.travel(at(2026, 11, 10, 6), tick=False):  # 20 days: still the 30-day window
        assert reminders_sweep() == 0
    with time_machine.travel(at(2026, 11, 23, 6), tick=False):  # 7 days ahead
        assert reminders_sweep() == 1
    with time_machine.travel(at(2026, 11, 28, 6), tick=False):
        assert reminders_sweep() == 0
    stamp = f"{utc(planned)}"
    assert keys() == [f"drills:before:{planned.pk}:30:{stamp}", f"drills:before:{planned.pk}:7:{stamp}"]


def test_a_drill_booked_late_gets_only_the_shortest_notice(officer):
    s = school("Alpha", officer=officer)
    drill(s, officer, when=at(2026, 9, 15))
    planned = drill(s, officer, when=at(2026, 10, 20, 13), status="scheduled")
    with time_machine.travel(at(2026, 10, 17, 6), tick=False):
        assert reminders_sweep() == 1
    assert keys() == [f"drills:before:{planned.pk}:7:{utc(planned)}"]


def test_overdue_notices_repeat_every_interval(officer):
    s = school("Beta", officer=officer)
    # Fall deadline 2026-12-20 passed with nothing done.
    with time_machine.travel(at(2026, 12, 21, 6), tick=False):
        assert reminders_sweep() == 1  # no supervisor in this test: the officer only
    with time_machine.travel(at(2026, 12, 27, 6), tick=False):  # 7 days after: same interval (7 // 7 = 1)? no: 7
        assert reminders_sweep() == 1
    with time_machine.travel(at(2026, 12, 30, 6), tick=False):  # 10 days after: interval 1, already sent
        assert reminders_sweep() == 0
    with time_machine.travel(at(2027, 1, 3, 6), tick=False):  # 14 days after: interval 2
        assert reminders_sweep() == 1
    assert keys() == [
        f"drills:overdue:{s.pk}:20261220:0:{officer.pk}",
        f"drills:overdue:{s.pk}:20261220:1:{officer.pk}",
        f"drills:overdue:{s.pk}:20261220:2:{officer.pk}",
    ]
    # Once the drill is done the notices stop.
    drill(s, officer, when=at(2027, 1, 4, 10))
    with time_machine.travel(at(2027, 1, 12, 6), tick=False):
        assert reminders_sweep() == 0


def test_cancelled_and_other_kinds_do_not_stop_the_warning(officer):
    s = school("Beta", officer=officer)
    drill(s, officer, when=at(2026, 12, 1, 13), status="cancelled")
    drill(s, officer, when=at(2026, 12, 2, 13), status="scheduled", kind_code="hold-and-secure")
    with time_machine.travel(at(2026, 11, 25, 6), tick=False):
        reminders_sweep()
    assert f"drills:unscheduled:{s.pk}:20261220:{officer.pk}" in keys()


def test_nothing_lost_when_the_mail_server_is_down(world, settings, mailoutbox):
    with time_machine.travel(at(2026, 11, 25, 6), tick=False):
        reminders_sweep()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    with time_machine.travel(at(2026, 11, 25, 6, 5), tick=False):
        assert reminders_send_due() == 0
    assert Reminder.objects.filter(sent_at__isnull=True, attempts=1).count() == 5
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(at(2026, 11, 25, 6, 10), tick=False):
        assert reminders_send_due() == 5
    assert len(mailoutbox) == 5


def test_nothing_lost_when_the_broker_is_down(world, private_redis, mailoutbox, django_capture_on_commit_callbacks):
    """The sweep task records the rows even when it cannot queue the sender; the next send sends them."""
    import signal

    from csu.celery import app
    from drills.tasks import sweep_drill_reminders

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=private_redis.url, task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    private_redis.process.send_signal(signal.SIGTERM)
    private_redis.process.wait(timeout=5)
    try:
        with time_machine.travel(at(2026, 11, 25, 6), tick=True), django_capture_on_commit_callbacks(execute=True):
            assert sweep_drill_reminders() == 5  # the publish of send_due_reminders fails and is logged
    finally:
        app.conf.update(saved)
        app._pool = None
        # The publish cached queues and routes for this configuration: drop them so later worker tests
        # route to their own private queue.
        app.__dict__.pop("amqp", None)
    assert len(mailoutbox) == 0
    assert Reminder.objects.filter(sent_at__isnull=True).count() == 5
    with time_machine.travel(at(2026, 11, 25, 6, 10), tick=False):
        assert reminders_send_due() == 5  # after recovery: the periodic sender picks them up
    assert len(mailoutbox) == 5


def _sweep_queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        reminders_sweep()
    return len(ctx.captured_queries)


def _populate(n: int, officer):
    for i in range(n):
        s = school(officer=officer)
        if i % 3 == 0:
            drill(s, officer, when=at(2026, 12, 1, 13), status="scheduled")
        elif i % 3 == 1:
            done = drill(s, officer, when=at(2026, 10, 1))
            done.followups.create(description="x", owner="y", due_on=dt.date(2026, 11, 1))


def test_sweep_query_count_does_not_grow(officer, supervisor):
    with time_machine.travel(at(2026, 11, 25, 6), tick=False):
        _populate(3, officer)
        few = _sweep_queries()
        Reminder.objects.all().delete()
        _populate(30, officer)
        many = _sweep_queries()
    assert few == many == 12
    assert Reminder.objects.count() == 33 // 3 + 33 // 3 + 2 * (33 // 3) + 1  # lead, follow-up, due soon x2, digest


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_runs_the_sweep_through_redis(celery_worker, mailoutbox):
    from django.utils import timezone

    from drills.tasks import sweep_drill_reminders

    lead = make_user("worker_officer", "officer")
    s = school("Worker School", officer=lead)
    soon = timezone.now() + dt.timedelta(days=3)
    drill(s, lead, when=soon, status="scheduled")
    sweep_drill_reminders.delay()
    found = wait_for(lambda: any(m.subject.startswith("Lockdown drill at Worker School") for m in mailoutbox), 20)
    assert found, list(Reminder.objects.values_list("key", "sent_at", "last_error"))
    assert Reminder.objects.filter(kind="drill_upcoming", sent_at__isnull=False).count() == 1


def test_notices_name_the_kinds_behind(officer, supervisor, mailoutbox):
    """2026-27 requires 2 Lockdown and 1 Hold and Secure (none by the fall): on 2027-06-05 (25 days before the
    spring deadline) Alpha has both lockdowns and no Hold and Secure: the notice is about Hold and Secure only;
    Beta did nothing: overdue since the fall, for lockdowns (the notice lists both kinds behind)."""
    from tests.drills.factories import saved_rule

    saved_rule(2026, {"lockdown": (2, 1), "hold-and-secure": (1, 0)})
    francophone = make_user("agente", "officer", language="fr-ca")
    alpha = school("Alpha", officer=officer)
    school("Beta", officer=francophone)
    drill(alpha, officer, when=at(2026, 10, 1))
    drill(alpha, officer, when=at(2027, 3, 1))
    with time_machine.travel(at(2027, 6, 5, 6), tick=False):
        reminders_sweep()
        reminders_send_due()
    by_to = {}
    for m in mailoutbox:
        by_to.setdefault(m.to[0], []).append(m)
    [alpha_notice] = by_to["officer_a@csu.test"]
    assert alpha_notice.subject == "Drills to schedule at Alpha: Hold and Secure"
    assert "- Hold and Secure: 0 of 1 done" in alpha_notice.body and "Lockdown" not in alpha_notice.body
    [beta_notice] = by_to["agente@csu.test"]
    assert beta_notice.subject == "Exercices en retard à Beta\xa0: Confinement barricadé, Garder et sécuriser"
    assert "- Confinement barricadé\xa0: 0 sur 2 faits" in beta_notice.body
    assert "le nombre exigé d’ici le 20 déc. 2026\xa0:" in beta_notice.body  # the date in her language
    digest = next(m for m in by_to["super@csu.test"] if "compliance" in m.subject)
    assert "Required per school: Lockdown 2, Hold and Secure 1." in digest.body
