"""Directory sign-in against a real OpenLDAP server started by the suite (tests/accounts/ldap_server.py)."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from accounts.directory import directory_sync
from accounts.ldap_config import ldap_settings
from accounts.models import CalendarToken, Role
from csu.models import AuditEvent
from tests.conftest import PASSWORD, make_user

from . import ldap_server as ds

pytestmark = [pytest.mark.xdist_group("ldap")]

User = get_user_model()


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    if not ds.available():
        if os.environ.get("CI"):
            pytest.fail("slapd/ldap-utils/openssl missing: .ci/run installs them (apt-get install slapd ldap-utils)")
        pytest.skip("slapd not installed (apt-get install slapd ldap-utils)")
    server = ds.start(tmp_path_factory.mktemp("slapd"))
    yield server
    server.stop()


def _settings(server, tls="starttls"):
    values = ldap_settings(
        server_uri=server.uri(tls),
        start_tls=tls == "starttls",
        ca_cert_file=server.ca_file,
        bind_dn=ds.BIND_DN,
        bind_password=ds.BIND_PASSWORD,
        user_search_base=f"ou=people,{ds.BASE}",
        user_filter="(&(uid=%(user)s)(!(employeeType=disabled)))",
        group_search_base=ds.GROUPS,
        group_type="nested_groupOfNames",
        role_groups={"officer": ds.OFFICERS, "coordinator": ds.COORDINATORS, "supervisor": ds.SUPERVISORS},
    )
    values["AUTHENTICATION_BACKENDS"] = [
        "axes.backends.AxesStandaloneBackend",
        "accounts.directory.DirectoryBackend",
        "accounts.backends.ModelBackend",
    ]
    return values


@pytest.fixture
def ldap_on(directory):
    with override_settings(**_settings(directory)):
        yield directory


def _sign_in(username, password=ds.USER_PASSWORD):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response


def _signed_in(client) -> bool:
    return client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, role, name",
    [
        ("dofficer", Role.OFFICER, "Dana Officer"),
        ("dcoord", Role.COORDINATOR, "Chris Coordinator"),
        ("dsarge", Role.SUPERVISOR, "Sam Sergeant"),  # through the nested patrol-sergeants group
    ],
)
def test_directory_user_signs_in_through_the_form_with_the_role_of_their_group(ldap_on, username, role, name):
    client, response = _sign_in(username)
    assert response.status_code == 302
    assert _signed_in(client)
    user = User.objects.get(username=username)
    assert user.role == role
    assert user.groups.filter(name=role).exists()
    assert user.display_name == name
    assert user.email.endswith("@police.test")
    assert user.directory_dn == f"uid={username},ou=people,{ds.BASE}"
    assert not user.has_usable_password()


@pytest.mark.django_db
def test_ldaps_works_as_well_as_starttls(directory):
    with override_settings(**_settings(directory, tls="ldaps")):
        client, _ = _sign_in("dofficer")
        assert _signed_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["dgone", "dnobody"])
def test_disabled_user_and_user_in_no_role_group_cannot_sign_in(ldap_on, username):
    client, response = _sign_in(username)
    assert response.status_code == 200
    assert "correct" in response.text.lower() or "incorrect" in response.text.lower()
    assert not _signed_in(client)
    assert not User.objects.filter(username=username, is_active=True, role__gt="").exists()


@pytest.mark.django_db
def test_wrong_directory_password_is_refused(ldap_on):
    client, response = _sign_in("dofficer", "not-the-password")
    assert response.status_code == 200
    assert not _signed_in(client)


@pytest.mark.django_db
def test_role_change_in_the_directory_applies_at_next_sign_in(ldap_on):
    _sign_in("dcoord")
    assert User.objects.get(username="dcoord").role == Role.COORDINATOR
    member = f"uid=dcoord,ou=people,{ds.BASE}"
    ldap_on.modify(f"dn: {ds.SUPERVISORS}\nchangetype: modify\nadd: member\nmember: {member}\n")
    try:
        client, _ = _sign_in("dcoord")
        assert _signed_in(client)
        assert User.objects.get(username="dcoord").role == Role.SUPERVISOR
        assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE_CHANGED, target__contains="Chris").exists()
    finally:
        ldap_on.modify(f"dn: {ds.SUPERVISORS}\nchangetype: modify\ndelete: member\nmember: {member}\n")


@pytest.mark.django_db
def test_user_disabled_in_the_directory_is_deactivated_and_loses_their_calendar_feed(ldap_on):
    _sign_in("dofficer")
    user = User.objects.get(username="dofficer")
    token = CalendarToken.objects.create(user=user)
    assert directory_sync() == {"checked": 1, "deactivated": 0}
    dn = f"uid=dofficer,ou=people,{ds.BASE}"
    ldap_on.modify(f"dn: {dn}\nchangetype: modify\nadd: employeeType\nemployeeType: disabled\n")
    try:
        assert directory_sync() == {"checked": 1, "deactivated": 1}
        user.refresh_from_db()
        token.refresh_from_db()
        assert not user.is_active
        assert token.revoked_at is not None
        assert AuditEvent.objects.filter(action=AuditEvent.Action.USER_DEACTIVATED, detail="directory").exists()
        client, _ = _sign_in("dofficer")
        assert not _signed_in(client)
    finally:
        ldap_on.modify(f"dn: {dn}\nchangetype: modify\ndelete: employeeType\nemployeeType: disabled\n")


@pytest.mark.django_db
def test_local_break_glass_account_still_signs_in_with_its_password(ldap_on):
    make_user("it_local", Role.SUPERVISOR)
    client, _ = _sign_in("it_local", PASSWORD)
    assert _signed_in(client)


@pytest.mark.django_db
def test_directory_users_local_password_never_signs_them_in(ldap_on):
    """Even if someone set a local password on a directory account, a refusal by the directory stands."""
    _sign_in("dofficer")
    user = User.objects.get(username="dofficer")
    user.set_password(PASSWORD)
    user.save()
    dn = f"uid=dofficer,ou=people,{ds.BASE}"
    ldap_on.modify(f"dn: {dn}\nchangetype: modify\nadd: employeeType\nemployeeType: disabled\n")
    try:
        client, _ = _sign_in("dofficer", PASSWORD)
        assert not _signed_in(client)
    finally:
        ldap_on.modify(f"dn: {dn}\nchangetype: modify\ndelete: employeeType\nemployeeType: disabled\n")


def test_unknown_group_type_is_a_clear_error():
    with pytest.raises(ValueError, match="LDAP_GROUP_TYPE"):
        ldap_settings(
            server_uri="ldaps://x", user_search_base="o=x", group_search_base="o=x", group_type="nope",
            role_groups={"officer": "cn=o"},
        )  # fmt: skip
