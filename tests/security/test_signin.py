import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from accounts.services import user_set_role
from csu.models import AuditEvent
from tests.conftest import PASSWORD, make_user

from .conftest import verified_client

LOGIN = "/accounts/login/"


def _fail(client, username, times):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-password"})


@pytest.mark.django_db
def test_login_page_keeps_the_use_notice(client):
    body = client.get(LOGIN).content.decode()
    assert 'id="use-notice"' in body
    assert "Authorized use only" in body


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_user_name_from_that_address_only():
    make_user("victim", Role.OFFICER)
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    _fail(attacker, "victim", 4)
    assert attacker.post(LOGIN, {"username": "victim", "password": "wrong-password"}).status_code == 429
    # From the attacker's address even the right password is refused, with the lockout page in the site layout.
    response = attacker.post(LOGIN, {"username": "victim", "password": PASSWORD})
    body = response.content.decode()
    assert response.status_code == 429
    assert '<h1 class="h3">Sign-in paused</h1>' in body
    assert "15 minutes" in body and "ask your supervisor" in body
    assert "Skip to main content" in body  # base.html layout
    assert SESSION_KEY not in attacker.session
    # The owner at their own machine is not locked out by the attacker.
    owner = Client(REMOTE_ADDR="198.51.100.2")
    assert owner.post(LOGIN, {"username": "victim", "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, username="victim").count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED, username="victim").count() == 5


@pytest.mark.django_db
def test_four_wrong_passwords_do_not_lock(client):
    make_user("careless", Role.OFFICER)
    _fail(client, "careless", 4)
    response = client.post(LOGIN, {"username": "careless", "password": PASSWORD})
    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username="careless").count() == 0  # reset on success


@pytest.mark.django_db
def test_supervisor_unlocks_from_the_locked_accounts_page(otp_enforced):
    make_user("forgetful", Role.OFFICER)
    _fail(Client(), "forgetful", 5)
    supervisor = verified_client(make_user("boss", Role.SUPERVISOR))
    page = supervisor.get(reverse("accounts:lockedaccount_list")).content.decode()
    assert "forgetful" in page and "Unlock forgetful" in page
    response = supervisor.post(reverse("accounts:lockedaccount_unlock"), {"username": "forgetful"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="forgetful").exists()
    assert Client().post(LOGIN, {"username": "forgetful", "password": PASSWORD}).status_code == 302
    event = AuditEvent.objects.get(action=AuditEvent.Action.UNLOCKED)
    assert (event.username, event.target) == ("boss", "forgetful")


@pytest.mark.django_db
def test_officer_cannot_unlock(officer_client):
    make_user("locked_one", Role.OFFICER)
    _fail(Client(), "locked_one", 5)
    assert officer_client.post(reverse("accounts:lockedaccount_unlock"), {"username": "locked_one"}).status_code == 403
    assert AccessAttempt.objects.filter(username="locked_one").exists()


@pytest.mark.django_db
def test_it_unlocks_in_the_admin(otp_enforced):
    make_user("locked_two", Role.OFFICER)
    _fail(Client(), "locked_two", 5)
    attempt = AccessAttempt.objects.get(username="locked_two")
    admin = verified_client(User.objects.create_superuser("it", "it@csu.test", PASSWORD))
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert Client().post(LOGIN, {"username": "locked_two", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_idle_session_ends_after_30_minutes(client):
    make_user("idler", Role.OFFICER)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        assert client.post(LOGIN, {"username": "idler", "password": PASSWORD}).status_code == 302
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("accounts:profile")).status_code == 200
        traveller.shift(dt.timedelta(minutes=29))  # active 29 minutes ago: still in
        assert client.get(reverse("accounts:profile")).status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SESSION_EXPIRED, detail="idle").exists()


@pytest.mark.django_db
def test_session_ends_12_hours_after_sign_in_whatever_the_activity(client):
    make_user("busy", Role.OFFICER)
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client.post(LOGIN, {"username": "busy", "password": PASSWORD})
        for _ in range(47):  # a request every 15 minutes for 11 h 45
            traveller.shift(dt.timedelta(minutes=15))
            assert client.get(reverse("accounts:profile")).status_code == 200
        traveller.shift(dt.timedelta(minutes=16))  # 12 h 01 after sign-in
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_timeouts_are_settings(client, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    make_user("short", Role.OFFICER)
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client.post(LOGIN, {"username": "short", "password": PASSWORD})
        traveller.shift(dt.timedelta(seconds=150))
        assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_deactivated_user_is_signed_out_at_the_next_request(officer_client, officer):
    assert officer_client.get(reverse("accounts:profile")).status_code == 200
    User.objects.filter(pk=officer.pk).update(is_active=False)
    response = officer_client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_password_change_ends_the_other_sessions_but_not_this_one():
    make_user("changer", Role.OFFICER)
    phone, desk = Client(), Client()
    for c in (phone, desk):
        assert c.post(LOGIN, {"username": "changer", "password": PASSWORD}).status_code == 302
    new = "a-brand-new-passphrase-2026"
    response = desk.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert desk.get(reverse("accounts:profile")).status_code == 200
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PASSWORD_CHANGED, username="changer").exists()


@pytest.mark.django_db
def test_sign_in_and_role_change_are_audited(client):
    user = make_user("audited", Role.OFFICER)
    client.post(LOGIN, {"username": "audited", "password": PASSWORD}, REMOTE_ADDR="192.0.2.10")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, username="audited").latest("pk")
    assert event.actor == user and event.ip_address == "192.0.2.10"
    boss = make_user("chief", Role.SUPERVISOR)
    user_set_role(user=user, role=Role.COORDINATOR, by=boss)
    changes = AuditEvent.objects.filter(
        action=AuditEvent.Action.ROLE_CHANGED, target__startswith=f"accounts.User #{user.pk}:"
    ).order_by("pk")
    assert [(c.username, c.detail) for c in changes] == [("", "- -> officer"), ("chief", "officer -> coordinator")]
