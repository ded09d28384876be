"""Notices of collection (MFIPPA s. 29(2)) for the forms that collect personal information.

The authority and the contact are the service's (settings COLLECTION_AUTHORITY, COLLECTION_CONTACT); the purpose
is the form's. Views pass `collection_notice("placement")` to the template as `notice`.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

PURPOSES = {
    "placement": _(
        "The student's name and project are collected to supervise the placement and report to the school; they "
        "are blanked one year after the placement ends."
    ),
    "partner": _(
        "Contact details of partner organisations' representatives are collected to organise the committees and "
        "programs the unit runs with them."
    ),
    "presentation_request": _(
        "Your name and contact details are collected to answer your request and arrange the presentation."
    ),
    "captain": _(
        "Block Watch captains' names and contact details are collected, with their consent, to support the group "
        "and send it alerts."
    ),
    "staff": _("Your name, e-mail and language are used to run your account and send you the unit's reminders."),
}


def collection_notice(purpose: str) -> dict:
    return {
        "purpose": PURPOSES[purpose],
        "authority": settings.COLLECTION_AUTHORITY or _("the Community Safety and Policing Act, 2019, and MFIPPA"),
        "contact": settings.COLLECTION_CONTACT or _("the police service's Freedom of Information Coordinator"),
    }


class CollectionNoticeMixin:
    """For a form view that collects personal information: the template gets the notice as `notice`."""

    collection_purpose = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice"] = collection_notice(self.collection_purpose)
        return context
