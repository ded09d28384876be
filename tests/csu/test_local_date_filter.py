"""Day filters on timestamps compare with local midnights (index-friendly) and keep whole local days."""

import datetime as dt

import pytest
from django.utils import timezone

from schools.filters import CallFilter
from schools.models import CallForService
from tests.schools.conftest import make_call, make_school

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2025, 11, day, hour, minute))  # America/Toronto


def test_from_and_to_keep_whole_local_days(officer):
    school = make_school("Alpha")
    calls = {
        "before": make_call(school, officer, occurred_at=_at(9, 23, 59)),
        "first": make_call(school, officer, occurred_at=_at(10, 0, 0)),
        "late": make_call(school, officer, occurred_at=_at(12, 23, 30)),  # 04:30 UTC on the 13th
        "after": make_call(school, officer, occurred_at=_at(13, 0, 0)),
    }
    found = CallFilter(
        {"occurred_from": "2025-11-10", "occurred_to": "2025-11-12"}, queryset=CallForService.objects.all()
    ).qs
    assert set(found) == {calls["first"], calls["late"]}
    sql = str(found.query)
    assert "::date" not in sql and "AT TIME ZONE" not in sql  # no per-row cast: an index on occurred_at applies
