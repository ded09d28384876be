"""Refuse an oversized request body before anything reads it."""

from django.conf import settings
from django.http import HttpResponse
from django.template import loader


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
