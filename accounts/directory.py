"""Sign-in against the service's directory (LDAP / Active Directory) through django-auth-ldap.

Off unless `LDAP_SERVER_URI` is set. `ldap_settings()` turns the `LDAP_*` environment variables (listed in
`.env.example`) into django-auth-ldap's `AUTH_LDAP_*` settings; `DirectoryBackend` gives each directory user the
role of the directory group they belong to (directly or through nested groups) at every sign-in.

A directory user's local password is unusable, so once the directory refuses them (removed, disabled, or no longer
in a role group) nothing signs them in; `directory_sync` deactivates them so that their calendar feeds stop too.
Local accounts (no `directory_dn`) keep signing in with their password: IT's break-glass accounts.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend

from .ldap_config import role_from_groups
from .models import User

logger = logging.getLogger(__name__)


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend; the role follows the directory groups at each sign-in."""

    def get_or_build_user(self, username, ldap_user):
        user, built = super().get_or_build_user(username, ldap_user)
        if built:
            user.set_unusable_password()
        return user, built

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is None:
            return None
        role_groups = getattr(settings, "CSU_LDAP_ROLE_GROUPS", {})
        role = role_from_groups(set(ldap_user.group_dns), role_groups)
        if not role:
            return None
        _directory_user_update(user=user, dn=ldap_user.dn, role=role)
        return user


@transaction.atomic
def _directory_user_update(*, user: User, dn: str, role: str) -> None:
    from .services import user_set_role

    if user.directory_dn != dn or not user.is_active:
        user.directory_dn = dn
        user.save(update_fields=["directory_dn"])
    if user.role != role:
        user_set_role(user=user, role=role)


def directory_sync() -> dict[str, int]:
    """Deactivate the directory users the directory no longer lets in (removed, disabled, out of every role group).

    Returns counts for the log. Does nothing when no directory is configured.
    """
    from .services import user_deactivate

    if not getattr(settings, "AUTH_LDAP_SERVER_URI", ""):
        return {"checked": 0, "deactivated": 0}
    backend = DirectoryBackend()
    checked = deactivated = 0
    for user in User.objects.filter(is_active=True).exclude(directory_dn=""):
        checked += 1
        ldap_user = backend.populate_user(user.username)
        role = ""
        if ldap_user is not None:
            role = role_from_groups(set(ldap_user.ldap_user.group_dns), settings.CSU_LDAP_ROLE_GROUPS)
        if not role:
            user_deactivate(user=user, reason="directory")
            deactivated += 1
    logger.info("directory sync: %s checked, %s deactivated", checked, deactivated)
    return {"checked": checked, "deactivated": deactivated}
