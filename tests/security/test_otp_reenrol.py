"""Issue 15, critical: a password-only session must not replace, reset or remove a confirmed authenticator.

Everything goes through the real views (sign-in form, verify page, set-up page), as the attacker did.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from csu.models import AuditEvent, Reminder
from csu.services import reminders_send_due
from tests.conftest import PASSWORD, make_user

from .conftest import verified_client

LOGIN = "/accounts/login/"
SETUP = "/accounts/two-factor/setup/"
VERIFY = "/accounts/two-factor/verify/"


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _sign_in(client, username, ip="192.0.2.50"):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=ip)
    assert response.status_code == 302
    return response


def _first_enrolment(user) -> list[str]:
    client = Client(REMOTE_ADDR="192.0.2.10")
    _sign_in(client, user.username, ip="192.0.2.10")
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": _code(device)})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]{10})</code></li>", response.content.decode())
    assert len(codes) == 10
    return codes


def _state(user):
    return (
        sorted(TOTPDevice.objects.filter(user=user, confirmed=True).values_list("pk", "key")),
        sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["supervisor", "superuser"])
def test_password_only_session_cannot_open_the_enrolment_page_nor_enrol(otp_enforced, kind):
    if kind == "superuser":
        user = User.objects.create_superuser("root_it", "it@csu.test", PASSWORD)
    else:
        user = make_user("boss_2fa", Role.SUPERVISOR)
    _first_enrolment(user)
    before = _state(user)

    attacker = Client(REMOTE_ADDR="203.0.113.9")
    _sign_in(attacker, user.username, ip="203.0.113.9")
    page = attacker.get(SETUP)
    assert page.status_code == 302 and page["Location"].startswith(VERIFY)
    # No new secret was handed out by the refused page.
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()

    # Even a secret the attacker obtained some other way is not accepted by a password-only session.
    stray = TOTPDevice.objects.create(user=user, name="stray", confirmed=False)
    response = attacker.post(SETUP, {"code": _code(stray)})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert _state(user) == before
    assert not TOTPDevice.objects.get(pk=stray.pk).confirmed
    # Still only the verify page is open to the attacker.
    profile = attacker.get(reverse("accounts:profile"))
    assert profile.status_code == 302 and profile["Location"].startswith(VERIFY)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.OTP_ENROLLED, ip_address="203.0.113.9").exists()


@pytest.mark.django_db
def test_verified_session_can_move_to_a_new_phone_and_is_told_by_email(otp_enforced):
    user = make_user("mover", Role.SUPERVISOR)
    old_codes = _first_enrolment(user)
    old_device = TOTPDevice.objects.get(user=user, confirmed=True)

    client = Client(REMOTE_ADDR="192.0.2.77")
    _sign_in(client, "mover", ip="192.0.2.77")
    assert client.post(VERIFY, {"code": old_codes[0]}, REMOTE_ADDR="192.0.2.77").status_code == 302
    page = client.get(SETUP)
    assert page.status_code == 200
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": _code(new_device)}, REMOTE_ADDR="192.0.2.77")
    assert response.status_code == 200
    new_codes = re.findall(r"<li><code>([a-z0-9]{10})</code></li>", response.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    assert not TOTPDevice.objects.filter(pk=old_device.pk).exists()
    assert TOTPDevice.objects.get(user=user, confirmed=True).pk == new_device.pk

    enrolled = AuditEvent.objects.filter(action=AuditEvent.Action.OTP_ENROLLED, username="mover").latest("pk")
    assert enrolled.ip_address == "192.0.2.77"
    # The owner is told by e-mail each time an authenticator is set up on the account (twice here).
    assert Reminder.objects.filter(recipient=user, kind="otp_enrolled").count() == 2
    mail.outbox.clear()
    reminders_send_due()
    assert [m.to for m in mail.outbox] == [["mover@csu.test"], ["mover@csu.test"]]
    assert "authenticator" in mail.outbox[0].body.lower() and "192.0.2.77" in mail.outbox[-1].body


@pytest.mark.django_db
def test_passing_the_second_factor_is_its_own_audit_event_with_the_address(otp_enforced):
    user = make_user("stepper", Role.SUPERVISOR)
    codes = _first_enrolment(user)
    client = Client()
    _sign_in(client, "stepper", ip="198.51.100.4")
    password_step = AuditEvent.objects.filter(username="stepper").latest("pk")
    assert password_step.action == AuditEvent.Action.PASSWORD_ACCEPTED
    assert password_step.ip_address == "198.51.100.4"
    assert client.post(VERIFY, {"code": codes[1]}, REMOTE_ADDR="198.51.100.4").status_code == 302
    verified = AuditEvent.objects.filter(action=AuditEvent.Action.OTP_VERIFIED, username="stepper").get()
    assert verified.ip_address == "198.51.100.4" and verified.detail == "recovery code"


def _enrolled_target():
    target = make_user("target_officer", Role.OFFICER)
    _first_enrolment(target)
    return target


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["supervisor", "superuser"])
def test_administrator_resets_another_users_two_factor(otp_enforced, kind):
    target = _enrolled_target()
    if kind == "superuser":
        admin = User.objects.create_superuser("it_admin", "it@csu.test", PASSWORD)
    else:
        admin = make_user("admin_boss", Role.SUPERVISOR)
    client = verified_client(admin, REMOTE_ADDR="192.0.2.200")
    listing = client.get(reverse("accounts:twofactor_list"))
    assert listing.status_code == 200 and "target_officer" in listing.content.decode()
    url = reverse("accounts:twofactor_reset", args=[target.pk])
    assert client.get(url).status_code == 405  # POST only
    response = client.post(url)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert not StaticDevice.objects.filter(user=target).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.OTP_RESET)
    assert event.username == admin.username and event.target.startswith(f"accounts.User #{target.pk}:")
    assert event.ip_address == "192.0.2.200"
    mail.outbox.clear()
    reminders_send_due()
    to_target = [m for m in mail.outbox if m.to == ["target_officer@csu.test"]]
    assert any("reset" in m.subject.lower() for m in to_target)
    # After the reset the user enrols again at the next sign-in (a first enrolment).
    _first_enrolment(target)
    assert TOTPDevice.objects.filter(user=target, confirmed=True).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.COORDINATOR])
def test_officer_and_coordinator_cannot_reset_two_factor(otp_enforced, role):
    target = _enrolled_target()
    before = _state(target)
    client = verified_client(make_user(f"not_admin_{role}", role))
    assert client.get(reverse("accounts:twofactor_list")).status_code == 403
    assert client.post(reverse("accounts:twofactor_reset", args=[target.pk])).status_code == 403
    assert _state(target) == before
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.OTP_RESET).exists()


@pytest.mark.django_db
def test_supervisor_cannot_reset_an_it_superuser_nor_an_unknown_user(otp_enforced):
    root = User.objects.create_superuser("root_two", "root@csu.test", PASSWORD)
    _first_enrolment(root)
    before = _state(root)
    client = verified_client(make_user("plain_boss", Role.SUPERVISOR))
    assert client.post(reverse("accounts:twofactor_reset", args=[root.pk])).status_code == 404
    assert client.post(reverse("accounts:twofactor_reset", args=[999999])).status_code == 404
    assert _state(root) == before


@pytest.mark.django_db
def test_password_only_administrator_cannot_reset(otp_enforced):
    target = _enrolled_target()
    before = _state(target)
    boss = make_user("half_boss", Role.SUPERVISOR)
    _first_enrolment(boss)
    client = Client()
    _sign_in(client, "half_boss")
    response = client.post(reverse("accounts:twofactor_reset", args=[target.pk]))
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert _state(target) == before
