"""Authentication backend: Django's ModelBackend, with the permission set read in one query."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from csu import cache


class ModelBackend(DjangoModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        # A directory account signs in through the directory only: its refusal (disabled, removed) must stand
        # even if a local password was once set on the account.
        if user is not None and user.directory_dn and getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
            return None
        return user

    """Every page checks permissions; Django reads a user's own and their groups' permissions in two queries (two
    joins each) on each request. Here one query gives the same set (tests/accounts/test_backends.py compares), and
    the set is kept in the cache until a permission, a group or the account changes (csu.cache, "permissions")."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = (user_obj.pk, user_obj.is_superuser)
            user_obj._perm_cache = cache.memoized("permissions", key, lambda: self._read(user_obj))
        return user_obj._perm_cache

    @staticmethod
    def _read(user) -> set[str]:
        perms = (
            Permission.objects.all()
            if user.is_superuser
            else Permission.objects.filter(Q(user=user) | Q(group__user=user))
        )
        rows = perms.values_list("content_type__app_label", "codename").order_by().distinct()
        return {f"{app_label}.{codename}" for app_label, codename in rows}
