import datetime as dt

import pytest
from django.utils import timezone

from tests.schools.conftest import assign, make_call, make_school  # noqa: F401
from threats.models import BehaviourKind, OutcomeCategory, ThreatAssessment


@pytest.fixture(autouse=True)
def _seeded_lists(db):
    """The lists the migrations seed (a transactional test elsewhere may have flushed them)."""
    from importlib import import_module

    from django.apps import apps

    import_module("threats.migrations.0002_seed_lists").seed(apps, None)
    import_module("schools.migrations.0006_seed_call_outcomes").seed(apps, None)


def behaviour(code: str = "threat_online") -> BehaviourKind:
    return BehaviourKind.objects.get(code=code)


def outcome(code: str = "low_concern") -> OutcomeCategory:
    return OutcomeCategory.objects.get(code=code)


def make_assessment(school, officers, **extra) -> ThreatAssessment:
    assessment = ThreatAssessment.objects.create(
        school=school,
        assessed_on=extra.pop("assessed_on", timezone.localdate() - dt.timedelta(days=3)),
        behaviour=extra.pop("behaviour", None) or behaviour(),
        outcome=extra.pop("outcome", None) or outcome(),
        **extra,
    )
    assessment.officers.set(officers)
    return assessment
