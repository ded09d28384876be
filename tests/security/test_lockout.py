"""Issue 15, medium: lockout per user name AND address with a cool-off, a slower per-user-name throttle, bounded
writes for anonymous floods, and pruning of old attempts."""

import datetime as dt
import uuid

import pytest
import time_machine
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from csu.models import AuditEvent
from tests.conftest import PASSWORD, make_user

LOGIN = "/accounts/login/"
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _post(ip, username, password="wrong-password"):  # noqa: S107
    return Client(REMOTE_ADDR=ip).post(LOGIN, {"username": username, "password": password})


@pytest.mark.django_db
def test_attacker_at_one_address_cannot_lock_the_owner_out_elsewhere_and_cools_off():
    make_user("supervisor", Role.SUPERVISOR)
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(6):
            _post("203.0.113.5", "supervisor")
        assert _post("203.0.113.5", "supervisor").status_code == 429
        assert _post("203.0.113.5", "supervisor", PASSWORD).status_code == 429
        # The owner at their desk signs in.
        assert _post("198.51.100.20", "supervisor", PASSWORD).status_code == 302
        # Still locked at A shortly before the cool-off ends (refused attempts did not extend it) ...
        traveller.shift(dt.timedelta(minutes=14))
        assert _post("203.0.113.5", "supervisor", PASSWORD).status_code == 429
        # ... and A may try again once it passed.
        traveller.shift(dt.timedelta(minutes=2))
        assert _post("203.0.113.5", "supervisor").status_code == 200  # the form's "wrong password", not 429
        assert _post("203.0.113.5", "supervisor", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_guessing_from_many_addresses_throttles_the_user_name_but_not_at_the_owners_usual_address():
    make_user("boss", Role.SUPERVISOR)
    with time_machine.travel(START, tick=False) as traveller:
        assert _post("198.51.100.20", "boss", PASSWORD).status_code == 302  # the owner's usual desk
        for n in range(4):  # 4 addresses x 5 = AXES_USERNAME_FAILURE_LIMIT, none locked on its own
            for _ in range(4):
                assert _post(f"203.0.113.{n + 1}", "boss").status_code == 200
            _post(f"203.0.113.{n + 1}", "boss")
        assert settings.AXES_USERNAME_FAILURE_LIMIT == 20
        # A fifth address (or the owner on a new machine) is refused for the user name ...
        assert _post("203.0.113.99", "boss", PASSWORD).status_code == 429
        assert _post("192.0.2.33", "boss", PASSWORD).status_code == 429
        # ... the owner's usual address is not.
        assert _post("198.51.100.20", "boss", PASSWORD).status_code == 302
        reasons = set(AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).values_list("detail", flat=True))
        assert "user name" in reasons
        traveller.shift(dt.timedelta(minutes=31))  # AXES_USERNAME_COOLOFF_MINUTES
        assert _post("192.0.2.33", "boss", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_random_user_name_flood_writes_a_bounded_number_of_rows():
    make_user("officer_x", Role.OFFICER)
    audit_before = AuditEvent.objects.count()
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    statuses = [attacker.post(LOGIN, {"username": uuid.uuid4().hex, "password": "x"}).status_code for _ in range(600)]
    assert statuses.count(429) >= 600 - settings.AXES_IP_FAILURE_LIMIT
    assert AccessAttempt.objects.count() <= settings.AXES_IP_FAILURE_LIMIT
    written = AuditEvent.objects.count() - audit_before
    assert written <= settings.AXES_UNKNOWN_USER_AUDIT_LIMIT + 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, detail="address").count() == 1
    # A real user at another address is unaffected.
    assert _post("198.51.100.8", "officer_x", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_prune_task_deletes_old_attempts_and_sign_in_records():
    from accounts.tasks import prune_signin_records

    now = timezone.now()
    old = AccessAttempt.objects.create(
        username="old",
        ip_address="203.0.113.1",
        user_agent="x",
        failures_since_start=3,
        attempt_time=now - dt.timedelta(hours=2),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    fresh = AccessAttempt.objects.create(
        username="fresh",
        ip_address="203.0.113.2",
        user_agent="x",
        failures_since_start=1,
        attempt_time=now - dt.timedelta(minutes=1),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/",
    )
    AccessLog.objects.create(
        username="a",
        ip_address="192.0.2.1",
        user_agent="x",
        http_accept="",
        path_info="/",
        attempt_time=now - dt.timedelta(days=100),
    )
    recent_log = AccessLog.objects.create(
        username="a",
        ip_address="192.0.2.1",
        user_agent="x",
        http_accept="",
        path_info="/",
        attempt_time=now - dt.timedelta(days=3),
    )
    # attempt_time is set on insert (auto_now_add): age the rows afterwards.
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=now - dt.timedelta(minutes=20))
    AccessAttempt.objects.filter(pk=fresh.pk).update(attempt_time=now - dt.timedelta(minutes=1))
    AccessLog.objects.exclude(pk=recent_log.pk).update(attempt_time=now - dt.timedelta(days=100))
    AccessLog.objects.filter(pk=recent_log.pk).update(attempt_time=now - dt.timedelta(days=3))
    result = prune_signin_records.delay().get()
    assert result == {"attempts": 1, "access_logs": 1, "failure_logs": 0}
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
    assert AccessAttempt.objects.filter(pk=fresh.pk).exists()
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent_log.pk]
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.prune_signin_records" in schedule


def test_client_address_behind_trusted_proxies_ignores_what_the_client_wrote(settings):
    from django.test import RequestFactory

    from accounts.lockout import client_ip_address

    def ip(xff, remote="172.18.0.5"):
        return client_ip_address(RequestFactory().get("/", HTTP_X_FORWARDED_FOR=xff, REMOTE_ADDR=remote))

    settings.TRUSTED_PROXY_COUNT = 0
    assert ip("6.6.6.6") == "172.18.0.5"  # no proxy: the header is the client's own claim
    settings.TRUSTED_PROXY_COUNT = 1
    assert ip("203.0.113.5") == "203.0.113.5"
    assert ip("6.6.6.6, 203.0.113.5") == "203.0.113.5"  # a forged entry to the left is ignored
    assert ip("") == "172.18.0.5" and ip("not-an-ip") == "172.18.0.5"
