from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(_("Programs"), "programs:session_list", "programs.view_session", order=30, section="programs"),
]
