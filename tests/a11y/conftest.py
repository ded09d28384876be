import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from csu import seeds

ROLES = {"officer": "officer1", "coordinator": "coordinator", "supervisor": "supervisor"}
LANGUAGES = ["en-ca", "fr-ca"]


@pytest.fixture
def demo(db):
    """The demo data of every app (seed_demo), so that record pages have rows to show; and a retention review,
    listed as if ten years had passed, so that its page has rows too (the demo data is too recent to be due)."""
    from retention.services import review_create

    call_command("seed_demo", stdout=io.StringIO())
    seeds.ensure("retention.migrations.0002_default_schedule", "forward")
    review_create(today=timezone.localdate() + dt.timedelta(days=3660))
    return {role: User.objects.get(username=username) for role, username in ROLES.items()}
