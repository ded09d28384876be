from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(
        _("My schools"), "schools:officer_schools_mine", "accounts.view_officer_dashboard", order=5, section="schools"
    ),
    NavItem(_("Schools"), "schools:school_list", "schools.view_school", order=10, section="schools"),
    NavItem(_("Coverage"), "schools:assignment_coverage", "schools.change_assignment", order=11, section="schools"),
    NavItem(_("Calls"), "schools:call_list", "schools.view_callforservice", order=12, section="schools"),
    NavItem(_("Scope"), "schools:scope", "schools.change_categoryscope", order=13, section="schools"),
]
