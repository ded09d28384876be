import io

import pytest
from django.core.management import call_command

from accounts.models import User

ROLES = {"officer": "officer1", "coordinator": "coordinator", "supervisor": "supervisor"}
LANGUAGES = ["en-ca", "fr-ca"]


@pytest.fixture
def demo(db):
    """The demo data of every app (seed_demo), so that record pages have rows to show."""
    call_command("seed_demo", stdout=io.StringIO())
    return {role: User.objects.get(username=username) for role, username in ROLES.items()}
