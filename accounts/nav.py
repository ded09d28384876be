from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(_("Staff accounts"), "accounts:user_list", "accounts.hand_over_work", order=89, section="admin"),
    NavItem(_("Audit trail"), "accounts:auditevent_list", "csu.view_auditevent", order=90, section="admin"),
    NavItem(_("Locked accounts"), "accounts:lockedaccount_list", "axes.view_accessattempt", order=91, section="admin"),
    NavItem(_("Two-factor sign-in"), "accounts:twofactor_list", "otp_totp.view_totpdevice", order=92, section="admin"),
]
