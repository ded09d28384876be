from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def idle_timeout() -> int:
    """Seconds of inactivity before the session ends (0: no limit)."""
    return int(settings.SESSION_IDLE_TIMEOUT or 0)
