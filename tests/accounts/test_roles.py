import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.models import Role
from accounts.roles import ROLE_PERMISSIONS, missing_permissions, sync_role_permissions
from accounts.services import user_set_role
from tests.conftest import make_user


@pytest.mark.django_db
def test_groups_exist_with_their_permissions():
    for role in Role.values:
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(ROLE_PERMISSIONS[role])


@pytest.mark.django_db
def test_every_listed_permission_exists():
    assert missing_permissions() == []


@pytest.mark.django_db
def test_sync_is_idempotent():
    sync_role_permissions()
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    sync_role_permissions()
    after = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert before == after


@pytest.mark.django_db
def test_role_change_moves_group_and_is_in_history():
    user = make_user("someone", Role.OFFICER)
    user_set_role(user=user, role=Role.SUPERVISOR)
    assert list(user.groups.values_list("name", flat=True)) == ["supervisor"]
    assert user.has_perm("accounts.view_supervisor_dashboard")
    assert user.history.filter(role="supervisor").exists()


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    from django.apps import apps

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    again = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    assert counts == again
    assert counts["accounts.User"] == 6


@pytest.mark.django_db
def test_role_change_in_the_admin_moves_the_group_and_is_audited(client):
    from csu.models import AuditEvent

    it = make_user("it", is_superuser=True, is_staff=True)
    user = make_user("changing", Role.OFFICER)
    client.force_login(it)
    url = f"/admin/accounts/user/{user.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        username="changing",
        role=Role.SUPERVISOR,
        groups=[str(pk) for pk in user.groups.values_list("pk", flat=True)],  # the form still shows the old group
        date_joined_0=user.date_joined.strftime("%Y-%m-%d"),
        date_joined_1=user.date_joined.strftime("%H:%M:%S"),
        language=user.language,
    )
    data = {k: v for k, v in data.items() if k not in ("date_joined", "last_login", "password", "user_permissions")}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    user.refresh_from_db()
    assert user.role == Role.SUPERVISOR
    assert list(user.groups.values_list("name", flat=True)) == ["supervisor"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE_CHANGED, target__contains=f"#{user.pk}:", actor=it)
    assert event.detail == "officer -> supervisor" and event.actor == it
