"""accounts.backends.ModelBackend reads the permission set in one query; it must be Django's set."""

import pytest
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import ModelBackend
from accounts.models import User

pytestmark = pytest.mark.django_db


def _perm(codename):
    return Permission.objects.get(codename=codename)


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no permission caches


@pytest.fixture
def users():
    group = Group.objects.create(name="readers")
    group.permissions.add(_perm("view_school"), _perm("view_drill"))
    other = Group.objects.create(name="writers")
    other.permissions.add(_perm("add_drill"), _perm("view_drill"))
    own = User.objects.create_user("own")
    own.user_permissions.add(_perm("change_school"))
    grouped = User.objects.create_user("grouped")
    grouped.groups.add(group, other)
    both = User.objects.create_user("both")
    both.groups.add(group)
    both.user_permissions.add(_perm("view_school"), _perm("delete_board"))
    inactive = User.objects.create_user("inactive", is_active=False)
    inactive.groups.add(group)
    superuser = User.objects.create_superuser("root", "root@csu.test", "x")
    nothing = User.objects.create_user("nothing")
    return [own, grouped, both, inactive, superuser, nothing]


def test_same_permissions_as_django(users):
    for user in users:
        ours = ModelBackend().get_all_permissions(_fresh(user))
        django = DjangoModelBackend().get_all_permissions(_fresh(user))
        assert ours == django, user.username
    assert ModelBackend().get_all_permissions(_fresh(users[2])) >= {"schools.view_school", "schools.delete_board"}
    assert ModelBackend().get_all_permissions(_fresh(users[3])) == set()  # inactive
    assert ModelBackend().get_all_permissions(AnonymousUser()) == set()
    assert ModelBackend().get_all_permissions(_fresh(users[1]), obj=users[0]) == set()


def test_one_query_then_none(users):
    user = _fresh(users[2])
    backend = ModelBackend()
    with CaptureQueriesContext(connection) as queries:
        assert backend.has_perm(user, "schools.delete_board")
        assert backend.has_perm(user, "drills.view_drill")
        assert not backend.has_perm(user, "drills.add_drill")
    assert len(queries) == 1


def test_the_setting_uses_it(settings):
    assert "accounts.backends.ModelBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS


@pytest.mark.django_db(transaction=True)
def test_the_kept_permission_set_follows_every_change_at_once(client):
    """The set is kept in the cache between requests (no query on a second page), and a group taken away, a
    group's permission removed, an account made superuser or deactivated shows on the very next request."""
    group = Group.objects.create(name="board readers")
    group.permissions.add(_perm("view_board"))
    user = User.objects.create_user("reader", password="pw-for-tests-1")
    user.groups.add(group)
    client.force_login(user)

    def allowed() -> bool:
        return ModelBackend().has_perm(_fresh(user), "schools.view_board")

    assert allowed()
    with CaptureQueriesContext(connection) as queries:
        assert allowed()
    assert not [q for q in queries if "auth_permission" in q["sql"]]  # served from the cache

    group.permissions.remove(_perm("view_board"))
    assert not allowed()
    group.permissions.add(_perm("view_board"))
    assert allowed()
    user.groups.clear()
    assert not allowed()
    user.user_permissions.add(_perm("view_board"))
    assert allowed()
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert ModelBackend().get_all_permissions(_fresh(user)) >= {"drills.delete_drill"}  # the key holds the flag
    user.refresh_from_db()
    user.is_active = False
    user.save()
    assert not allowed()
