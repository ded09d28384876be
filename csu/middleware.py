"""Request-wide safety nets: refuse oversized bodies and NUL bytes in the URL, privacy headers, audit refused
requests."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.template import loader
from django.utils import timezone
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)


class RequestBodyLimitMiddleware:
    """Answer 413 when Content-Length exceeds MAX_REQUEST_BODY, 411 for a body sent without a length (chunked).

    First in MIDDLEWARE: it looks at headers only, so a refused body is never read, parsed or spooled to disk.
    The reverse proxy has its own limit in front; this one holds when the application is reached directly.
    Uploads keep their own, smaller limits (meeting attachments, school imports) with a message next to the field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY
        if limit:
            raw_length = request.META.get("CONTENT_LENGTH") or ""
            chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
            if raw_length:
                try:
                    length = int(raw_length)
                except ValueError:
                    return _refusal(400)
                if length < 0:
                    return _refusal(400)
                if length > limit:
                    return _refusal(413, limit)
            elif chunked:
                return _refusal(411, limit)
        return self.get_response(request)


def _refusal(status: int, limit: int = 0) -> HttpResponse:
    # No request context (no session or user yet): a page that needs neither.
    body = loader.render_to_string("413.html", {"status": status, "limit_mb": limit // (1024 * 1024)})
    return HttpResponse(body, status=status)


class RejectNulMiddleware:
    """A NUL byte is never part of a valid path or query: PostgreSQL refuses it in any text value, so a path
    converter or a filter that passes it to a query would give a 500. Refused here, once, for every URL:
    404 in the path (no such page), 400 in the query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "\x00" in request.path:
            raise Http404
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or any("\x00" in v for values in request.GET.lists() for v in values[1]):
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)


def _is_download(response) -> bool:
    return "attachment" in response.get("Content-Disposition", "")


class PrivacyHeadersMiddleware:
    """`Cache-Control: no-store` on every answer to a signed-in user and on every download, so that no browser
    cache or shared proxy keeps a record page or an export; a `Permissions-Policy` that turns off the powerful
    browser features this application never uses. Static files are served earlier (WhiteNoise) and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        private = (user is not None and user.is_authenticated) or _is_download(response)
        if private and "no-store" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True, no_store=True)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefusedRequestAuditMiddleware:
    """Record in the audit trail every 403 and 404 answered to a signed-in user (someone trying records they may
    not read), at most AUDIT_REFUSED_PER_MINUTE a user a minute: a scan of ids cannot flood the table. The
    first refusal over the limit writes one row saying that more were not recorded."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                self._record(request, user, response.status_code)
        return response

    def _record(self, request, user, status: int) -> None:
        from .audit import audit_log
        from .models import AuditEvent

        limit = settings.AUDIT_REFUSED_PER_MINUTE
        key = f"csu:audit-refused:{user.pk}:{timezone.now():%Y%m%d%H%M}"
        cache.add(key, 0, timeout=120)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=120)
            count = 1
        if count > limit + 1:
            return
        detail = f"{status} {request.method} {request.path}"[:1000]
        if count == limit + 1:
            detail = f"{detail} (limit of {limit} a minute reached: further refusals this minute are not recorded)"
        try:
            audit_log(request, AuditEvent.Action.REQUEST_REFUSED, target=request.path[:300], detail=detail)
        except DatabaseError:  # the refusal is answered even if the audit table cannot be written
            logger.exception("Could not record a refused request of %s", user.pk)
