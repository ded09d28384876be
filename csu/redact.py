"""Secrets that travel in a URL (calendar feed tokens) are masked wherever a URL is written to a log."""

from __future__ import annotations

import logging
import re

_FEED = re.compile(r"(/events/feed/)[^/?\s\"]+(\.ics)")
REDACTED = r"\1[redacted]\2"


def redact_path(text: str) -> str:
    """`text` (a path, a request line or a whole log message) with each feed token replaced by [redacted]."""
    return _FEED.sub(REDACTED, text)


class RedactFilter(logging.Filter):
    """For Django's loggers: "Not Found: /events/feed/<token>.ics" (django.request) keeps the path, not the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        record.msg = redact_path(str(record.msg))
        return True


try:  # gunicorn is there in production and tests; the module stays importable without it
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger whose access log atoms (request line, path, referer) and error log lines ("Error handling
    request /events/feed/…") carry no feed token."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(RedactFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f", "{raw_uri}e", "{path_info}e", "{http_referer}i", "{referer}i"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_path(atoms[key])
        return atoms
