from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from engagement.feedback import feedback_closes_at, feedback_open, feedback_token, qr_svg, summary

register = template.Library()


@register.inclusion_tag("engagement/panels/event_feedback.html")
def event_feedback(event):
    """The event page's feedback block: the link and QR code to show at the event, and what people answered."""
    url = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("public:feedback", args=[feedback_token(event)])
    return {
        "url": url,
        "qr": qr_svg(url, _("Feedback form QR code")),
        "summary": summary(event),
        "open": feedback_open(event),
        "closes_at": feedback_closes_at(event),
    }
