"""django-auth-ldap settings built from the LDAP_* environment variables (read by csu/settings.py).

Imports nothing of Django's models: settings load it before the apps are ready.
"""

from __future__ import annotations

GROUP_TYPES = {
    "groupOfNames": "GroupOfNamesType",
    "nested_groupOfNames": "NestedGroupOfNamesType",
    "groupOfUniqueNames": "GroupOfUniqueNamesType",
    "active_directory": "ActiveDirectoryGroupType",
    "nested_active_directory": "NestedActiveDirectoryGroupType",
}

# Active Directory: the LDAP_MATCHING_RULE_BIT_AND test of userAccountControl's ACCOUNTDISABLE bit (2).
AD_ENABLED_ONLY = "(!(userAccountControl:1.2.840.113556.1.4.803:=2))"


def ldap_settings(
    *,
    server_uri: str,
    start_tls: bool = False,
    ca_cert_file: str = "",
    bind_dn: str = "",
    bind_password: str = "",
    user_search_base: str,
    user_filter: str = "(uid=%(user)s)",
    group_search_base: str,
    group_type: str = "nested_groupOfNames",
    role_groups: dict[str, str],
    display_name_attr: str = "displayName",
    email_attr: str = "mail",
    timeout: int = 5,
) -> dict:
    """The AUTH_LDAP_* settings for one directory. `role_groups` maps a role to the DN of its directory group."""
    import ldap
    from django_auth_ldap import config

    if group_type not in GROUP_TYPES:
        raise ValueError(f"LDAP_GROUP_TYPE must be one of {', '.join(GROUP_TYPES)}, not {group_type!r}")
    if not role_groups:
        raise ValueError("Set at least one of LDAP_GROUP_OFFICER, LDAP_GROUP_COORDINATOR, LDAP_GROUP_SUPERVISOR")
    group_class = getattr(config, GROUP_TYPES[group_type])
    require = None
    for dn in role_groups.values():
        query = config.LDAPGroupQuery(dn)
        require = query if require is None else require | query
    # TLS options on the connection itself, then a new TLS context built from them (OPT_X_TLS_NEWCTX, last):
    # libldap's process-wide options are not reliably picked up by a connection made after them.
    connection_options = {
        ldap.OPT_REFERRALS: 0,  # Active Directory's referrals lead to servers the bind is not valid for
        ldap.OPT_NETWORK_TIMEOUT: timeout,
        ldap.OPT_TIMEOUT: timeout,
        ldap.OPT_X_TLS_REQUIRE_CERT: ldap.OPT_X_TLS_DEMAND,
    }
    if ca_cert_file:
        connection_options[ldap.OPT_X_TLS_CACERTFILE] = ca_cert_file
    connection_options[ldap.OPT_X_TLS_NEWCTX] = 0
    return {
        "AUTH_LDAP_SERVER_URI": server_uri,
        "AUTH_LDAP_START_TLS": start_tls,
        "AUTH_LDAP_CONNECTION_OPTIONS": connection_options,
        "AUTH_LDAP_BIND_DN": bind_dn,
        "AUTH_LDAP_BIND_PASSWORD": bind_password,
        "AUTH_LDAP_USER_SEARCH": config.LDAPSearch(user_search_base, ldap.SCOPE_SUBTREE, user_filter),
        "AUTH_LDAP_GROUP_SEARCH": config.LDAPSearch(group_search_base, ldap.SCOPE_SUBTREE, "(objectClass=*)"),
        "AUTH_LDAP_GROUP_TYPE": group_class(),
        "AUTH_LDAP_REQUIRE_GROUP": require,
        "AUTH_LDAP_USER_ATTR_MAP": {"display_name": display_name_attr, "email": email_attr},
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_MIRROR_GROUPS": False,  # roles are our groups, set from CSU_ROLE_GROUPS below
        "AUTH_LDAP_FIND_GROUP_PERMS": False,
        "AUTH_LDAP_CACHE_TIMEOUT": 0,  # a role removed in the directory applies at the very next sign-in
        "CSU_LDAP_ROLE_GROUPS": dict(role_groups),
    }


def role_from_groups(group_dns: set[str], role_groups: dict[str, str]) -> str:
    """The highest role whose directory group the user is in (supervisor > coordinator > officer)."""
    wanted = {dn.lower(): role for role, dn in role_groups.items()}
    held = {wanted[dn.lower()] for dn in group_dns if dn.lower() in wanted}
    for role in ("supervisor", "coordinator", "officer"):
        if role in held:
            return role
    return ""
