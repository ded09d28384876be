from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [NavItem(_("Reports"), "reports:annualreport_list", "reports.view_annualreport", order=60)]
