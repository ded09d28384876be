"""Root conftest: what must be set before any test module is imported."""

import os

# Playwright drives the browser from the test thread while the live server runs Django: allowed in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import celery.contrib.testing.tasks  # noqa: E402,F401  (registers the ping task the test worker needs)
