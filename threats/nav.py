from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(
        _("Threat assessments"),
        "threats:threatassessment_list",
        "threats.view_threatassessment",
        order=25,
        section="drills",
    )
]
