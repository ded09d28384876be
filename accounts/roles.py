"""Role names and their permissions, in one place.

Each role is a Django group holding exactly the permissions listed here. The groups are created by a
migration (0002) and their permissions are brought in line after every `migrate` (post_migrate), because
the permissions of later apps exist only once all migrations ran. Views declare the permission they need.
"""

from django.contrib.auth.management import create_permissions

from .models import Role

OFFICER, COORDINATOR, SUPERVISOR = Role.OFFICER.value, Role.COORDINATOR.value, Role.SUPERVISOR.value

# Permissions every signed-in staff member of the unit holds.
_COMMON = [
    "schools.view_board",
    "schools.view_school",
    "schools.view_assignment",
    "schools.view_callforservice",
    "schools.view_calloutcome",
    "drills.view_drill",
    "drills.view_drillkind",
    "drills.view_drillyearrule",
    "drills.view_drillrequirement",
    "drills.view_followupaction",
    "programs.view_program",
    "programs.view_session",
    "programs.view_programrevision",
    "programs.view_classseries",
    "programs.view_patrolyear",
    "committees.view_partner",
    "committees.view_committee",
    "committees.view_meeting",
    "committees.view_representation",
    "committees.view_meetingattachment",
    "committees.view_actionitem",
    "events.view_awarenessweek",
    "events.view_awarenessweekoverride",
    "events.view_event",
]

# The situation table's records (situations app): not every officer, only those who need them for their duties
# (MFIPPA): the coordinator and the table's representatives record; supervisors read.
_SITUATIONS_READ = [
    "situations.view_situation",
    "situations.view_situationtable",
    "situations.view_tablemeeting",
    "situations.view_review",
    "situations.view_factor",
]
_SITUATIONS_WRITE = [
    *_SITUATIONS_READ,
    "situations.add_situation",
    "situations.change_situation",
    "situations.add_tablemeeting",
    "situations.change_tablemeeting",
    "situations.add_review",
]
# Threat assessments: officers and supervisors only (MFIPPA need to know); the coordinator reads them only where
# settings.THREATS_VISIBLE_TO_COORDINATOR says so (see role_permissions).
THREATS_READ = ["threats.view_threatassessment", "threats.view_behaviourkind", "threats.view_outcomecategory"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    OFFICER: [
        *_COMMON,
        "accounts.view_officer_dashboard",
        "engagement.view_group",
        "engagement.add_activity",
        "schools.add_callforservice",
        "schools.change_callforservice",
        "drills.add_drill",
        "drills.change_drill",
        "drills.add_followupaction",
        "drills.change_followupaction",
        "programs.add_session",
        "programs.change_session",
        "programs.view_presentationrequest",
        "programs.add_classseries",
        "programs.change_classseries",
        *THREATS_READ,
        "threats.add_threatassessment",
        "threats.change_threatassessment",
    ],
    COORDINATOR: [
        *_COMMON,
        "accounts.view_coordinator_dashboard",
        "drills.view_compliance",
        "schools.add_school",
        "schools.change_school",
        "schools.add_board",
        "schools.change_board",
        "programs.add_program",
        "programs.change_program",
        "programs.add_programrevision",
        "programs.view_presentationrequest",
        "programs.add_presentationrequest",
        "programs.change_presentationrequest",
        "programs.view_placement",
        "programs.add_placement",
        "programs.change_placement",
        "programs.add_patrolyear",
        "programs.change_patrolyear",
        "committees.add_partner",
        "committees.change_partner",
        "committees.add_committee",
        "committees.change_committee",
        "committees.add_meeting",
        "committees.change_meeting",
        "committees.add_representation",
        "committees.change_representation",
        "committees.add_meetingattachment",
        "committees.add_actionitem",
        "committees.change_actionitem",
        "events.add_event",
        "events.change_event",
        "events.change_awarenessweek",
        "events.add_awarenessweekoverride",
        "events.change_awarenessweekoverride",
        "reports.view_annualreport",
        "engagement.view_subscriber",
        "engagement.add_subscriber",
        "engagement.view_bulletin",
        "engagement.add_bulletin",
        "engagement.change_bulletin",
        "engagement.send_bulletin",
        "engagement.view_group",
        "engagement.add_group",
        "engagement.change_group",
        "engagement.add_captain",
        "engagement.change_captain",
        "engagement.add_activity",
        *_SITUATIONS_WRITE,
        "situations.add_situationtable",
        "situations.change_situationtable",
    ],
    SUPERVISOR: [
        *_COMMON,
        "accounts.view_supervisor_dashboard",
        "accounts.hand_over_work",
        "engagement.view_group",
        "retention.view_review",
        "retention.change_review",
        "retention.view_hold",
        "retention.add_hold",
        "retention.change_hold",
        "retention.view_destruction",
        "retention.view_retentionrule",
        "schools.change_categoryscope",
        "schools.add_school",
        "schools.change_school",
        "schools.add_board",
        "schools.change_board",
        "schools.add_assignment",
        "schools.change_assignment",
        "schools.change_callforservice",
        "drills.add_drill",
        "drills.change_drill",
        "drills.change_any_drill",
        "drills.view_compliance",
        "drills.add_followupaction",
        "drills.change_followupaction",
        "drills.add_drillkind",
        "drills.change_drillkind",
        "drills.add_drillyearrule",
        "drills.change_drillyearrule",
        "drills.add_drillrequirement",
        "drills.change_drillrequirement",
        "programs.view_presentationrequest",
        "programs.view_placement",
        "reports.view_annualreport",
        "reports.add_annualreport",
        "csu.view_auditevent",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        *_SITUATIONS_READ,
        # The Two-factor sign-in page: reset a lost phone (accounts.views.twofactor_reset).
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        *THREATS_READ,
        "threats.add_threatassessment",
        "threats.change_threatassessment",
        "threats.change_any_threatassessment",
        "threats.add_behaviourkind",
        "threats.change_behaviourkind",
        "threats.add_outcomecategory",
        "threats.change_outcomecategory",
        "schools.add_calloutcome",
        "schools.change_calloutcome",
    ],
}

# Groups given to some users on top of their role (the admin's user page): they survive a role change.
TABLE_REPRESENTATIVE = "table_representative"
DUTY_GROUP_PERMISSIONS: dict[str, list[str]] = {TABLE_REPRESENTATIVE: _SITUATIONS_WRITE}


def role_permissions() -> dict[str, list[str]]:
    """ROLE_PERMISSIONS with the optional grants the settings make."""
    from django.conf import settings

    found = {role: list(names) for role, names in ROLE_PERMISSIONS.items()}
    if settings.THREATS_VISIBLE_TO_COORDINATOR:
        found[COORDINATOR] += THREATS_READ
    return found


def sync_role_permissions(sender=None, apps=None, using="default", verbosity=0, **kwargs) -> None:
    """Make each role group hold exactly the permissions listed above. Idempotent.

    Permissions named here whose model does not exist (yet) are skipped, so that the list may run ahead of
    the models during development; `tests/accounts/test_roles.py` fails if one is missing after migrate.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group, Permission

    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    pks = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, names in {**role_permissions(), **DUTY_GROUP_PERMISSIONS}.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set({pks[name] for name in names if name in pks})


def missing_permissions() -> list[str]:
    from django.contrib.auth.models import Permission

    existing = {f"{a}.{c}" for a, c in Permission.objects.values_list("content_type__app_label", "codename")}
    lists = [*ROLE_PERMISSIONS.values(), *DUTY_GROUP_PERMISSIONS.values()]
    return sorted({n for names in lists for n in names} - existing)
