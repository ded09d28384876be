from django.utils.translation import gettext_lazy as _

from csu.registry import NavItem

ITEMS = [
    NavItem(_("Calendar"), "events:calendar", None, order=5),
    NavItem(_("Events"), "events:event_list", "events.view_event", order=60, section="community"),
]
