from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(_("Drills"), "drills:drill_list", "drills.view_drill", order=20, section="drills"),
    NavItem(_("Drill compliance"), "drills:drill_compliance", "drills.view_compliance", order=21, section="drills"),
]
