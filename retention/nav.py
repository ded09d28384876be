from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [NavItem(_("Records retention"), "retention:home", "retention.view_review", order=92, section="admin")]
