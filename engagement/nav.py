from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(_("Mailing list"), "engagement:bulletin_list", "engagement.view_bulletin", order=60, section="community"),
    NavItem(_("Block Watch"), "engagement:group_list", "engagement.view_group", order=61, section="community"),
]
