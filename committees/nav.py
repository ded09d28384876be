from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(_("Committees"), "committees:committee_list", "committees.view_committee", order=50, section="community"),
    NavItem(_("Partners"), "committees:partner_list", "committees.view_partner", order=55, section="community"),
]
