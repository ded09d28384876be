import time

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def idle_timeout() -> int:
    """Seconds of inactivity before the session ends (0: no limit)."""
    return int(settings.SESSION_IDLE_TIMEOUT or 0)


@register.simple_tag(takes_context=True)
def idle_remaining(context) -> int:
    """Seconds left before this session's idle limit, as the server counts (it touches the clock at most once a
    minute, so this can be less than the full limit right after a page load)."""
    from accounts.middleware import LAST_SEEN_AT

    limit = int(settings.SESSION_IDLE_TIMEOUT or 0)
    request = context.get("request")
    if not limit or request is None or not hasattr(request, "session"):
        return limit
    last_seen = request.session.get(LAST_SEEN_AT)
    if last_seen is None:
        return limit
    return max(0, limit - (int(time.time()) - int(last_seen)))
