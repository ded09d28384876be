import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from csu.models import AuditEvent
from tests.conftest import PASSWORD, make_user

from .conftest import url_for, url_patterns, verified_client

LOGIN = "/accounts/login/"


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _sign_in(client, username):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def _enrol(client, user) -> list[str]:
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"code": _code(device)})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z0-9]{10})</code></li>", response.content.decode())


@pytest.mark.django_db
def test_any_user_enrols_from_the_profile_with_qr_code_and_secret(client):
    user = make_user("keen", Role.OFFICER)
    _sign_in(client, "keen")
    assert reverse("accounts:otp_setup") in client.get(reverse("accounts:profile")).content.decode()
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    device = TOTPDevice.objects.get(user=user)
    from base64 import b32encode

    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = b32encode(device.bin_key).decode()
    # In groups of four, as the apps show it; no mention of recovery codes before they exist.
    groups = [secret[i : i + 4] for i in range(0, len(secret), 4)]
    assert " ".join(groups) in re.sub(r"<[^>]+>", "", page)
    assert "recovery code" not in page.lower()
    # A wrong code is refused next to the field and confirms nothing.
    wrong = client.post(reverse("accounts:otp_setup"), {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # django-otp throttles after a failure (1 s, doubling); the user would wait a moment before retrying.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    codes = _enrol(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert AuditEvent.objects.filter(action=AuditEvent.Action.OTP_ENROLLED, username="keen").exists()
    # Shown once: the profile and the setup page never show them again.
    for url in (reverse("accounts:profile"), reverse("accounts:otp_setup")):
        assert not any(code in client.get(url).content.decode() for code in codes)


@pytest.mark.django_db
def test_sign_in_asks_for_the_code_after_the_password(client):
    user = make_user("twostep", Role.OFFICER)
    first = Client()
    _sign_in(first, "twostep")
    _enrol(first, user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)

    _sign_in(client, "twostep")
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_verify"))
    bad = client.post(reverse("accounts:otp_verify"), {"code": "12345x"})
    assert bad.status_code == 400
    assert client.get(reverse("accounts:profile")).status_code == 302
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    # The enrolment code cannot be replayed; the app's next code (one step later, within tolerance) is accepted.
    ok = client.post(reverse("accounts:otp_verify"), {"code": _code(device, drift=1), "next": "/accounts/profile/"})
    assert ok.status_code == 302 and ok["Location"] == "/accounts/profile/"
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_recovery_code_works_once(client):
    user = make_user("lostphone", Role.OFFICER)
    enrol_client = Client()
    _sign_in(enrol_client, "lostphone")
    codes = _enrol(enrol_client, user)
    _sign_in(client, "lostphone")
    assert client.post(reverse("accounts:otp_verify"), {"code": codes[3]}).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    again = Client()
    _sign_in(again, "lostphone")
    assert again.post(reverse("accounts:otp_verify"), {"code": codes[3]}).status_code == 400
    assert StaticToken.objects.filter(device__user=user).count() == 9


@pytest.mark.django_db
def test_offsite_next_is_ignored(client):
    user = make_user("nextuser", Role.OFFICER)
    enrol_client = Client()
    _sign_in(enrol_client, "nextuser")
    codes = _enrol(enrol_client, user)
    _sign_in(client, "nextuser")
    response = client.post(reverse("accounts:otp_verify"), {"code": codes[0], "next": "https://evil.example/"})
    assert response.status_code == 302 and "evil" not in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["supervisor", "superuser"])
def test_password_only_session_of_required_role_reaches_no_protected_page(client, otp_enforced, records, kind):
    if kind == "superuser":
        User.objects.create_superuser("root_it", "it@csu.test", PASSWORD)
        username = "root_it"
    else:
        make_user("pw_only", Role.SUPERVISOR)
        username = "pw_only"
    _sign_in(client, username)
    allowed = {"accounts:otp_setup", "accounts:otp_verify", "accounts:logout", "accounts:login", "health"}
    reached = []
    for name, kwarg_names, _view in url_patterns():
        if name in allowed:
            continue
        path = url_for(name, kwarg_names, records)
        for method in ("get", "post"):
            response = getattr(client, method)(path)
            if not (response.status_code == 302 and response["Location"] == reverse("accounts:otp_setup")):
                reached.append(f"{method.upper()} {path} -> {response.status_code}")
    for path in ("/admin/", "/admin/accounts/user/", "/admin/csu/auditevent/"):
        response = client.get(path)
        if not (response.status_code == 302 and response["Location"] == reverse("accounts:otp_setup")):
            reached.append(f"GET {path} -> {response.status_code}")
    assert not reached, "A password-only session reached:\n" + "\n".join(reached)


@pytest.mark.django_db
def test_required_role_can_enrol_then_use_the_site(client, otp_enforced):
    user = make_user("newboss", Role.SUPERVISOR)
    _sign_in(client, "newboss")
    assert client.get(reverse("home"))["Location"] == reverse("accounts:otp_setup")
    _enrol(client, user)
    assert client.get(reverse("dashboard_role", args=["supervisor"])).status_code == 200


@pytest.mark.django_db
def test_enrolment_page_of_a_required_role_shows_no_navigation_back_to_itself(client, otp_enforced):
    make_user("firstday", Role.SUPERVISOR)
    _sign_in(client, "firstday")
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert 'id="main-nav"' not in page
    for name in ("home", "accounts:profile", "accounts:auditevent_list"):
        assert f'href="{reverse(name)}"' not in page
    assert "Sign out" in page and "Set up two-factor sign-in" in page
    assert "recovery code" not in page.lower()


@pytest.mark.django_db
def test_officer_without_device_is_not_forced(client, otp_enforced):
    make_user("plain", Role.OFFICER)
    _sign_in(client, "plain")
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_verified_superuser_reaches_admin(otp_enforced):
    admin = verified_client(User.objects.create_superuser("it2", "it@csu.test", PASSWORD))
    assert admin.get("/admin/").status_code == 200
