from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(
        _("Situation table"), "situations:situation_list", "situations.view_situation", order=58, section="community"
    )
]
