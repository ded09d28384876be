"""Migration 0003 (drills required per kind): the old per-year counts become requirement rows, and back."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("drills", "0002_seed_kinds")]
AFTER = [("drills", "0003_requirements_per_kind")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_0003_moves_the_yearly_counts_to_rows_per_kind_and_back():
    try:
        old = _migrate(BEFORE)
        Kind, Rule = old.get_model("drills", "DrillKind"), old.get_model("drills", "DrillYearRule")
        Kind.objects.all().delete()
        lockdown = Kind.objects.create(code="lockdown", name_en="Lockdown", counts_toward_requirement=True)
        hold = Kind.objects.create(code="hold-and-secure", name_en="Hold and Secure")
        Kind.objects.create(code="old", name_en="Old", active=False)
        Rule.objects.create(
            school_year=2025,
            starts_on=dt.date(2025, 9, 1),
            ends_on=dt.date(2026, 8, 31),
            fall_deadline=dt.date(2025, 12, 20),
            spring_deadline=dt.date(2026, 6, 30),
            required_lockdowns=3,
            required_by_fall=2,
        )

        new = _migrate(AFTER)
        Kind, Requirement = new.get_model("drills", "DrillKind"), new.get_model("drills", "DrillRequirement")
        defaults = {k.code: (k.required_per_year, k.required_by_fall) for k in Kind.objects.all()}
        assert defaults == {"lockdown": (2, 1), "hold-and-secure": (0, 0), "old": (0, 0)}
        rows = {(r.kind_id, r.required, r.required_by_fall) for r in Requirement.objects.filter(rule__school_year=2025)}
        assert rows == {(lockdown.pk, 3, 2), (hold.pk, 0, 0)}  # no row for the inactive kind that did not count
        history = new.get_model("drills", "HistoricalDrillRequirement")
        assert history.objects.filter(history_type="+", history_change_reason__startswith="0003").count() == 2
        Requirement.objects.filter(kind_id=hold.pk).update(required=4, required_by_fall=1)

        old = _migrate(BEFORE)
        Kind, Rule = old.get_model("drills", "DrillKind"), old.get_model("drills", "DrillYearRule")
        assert set(Kind.objects.filter(counts_toward_requirement=True).values_list("code", flat=True)) == {"lockdown"}
        rule = Rule.objects.get(school_year=2025)
        assert (rule.required_lockdowns, rule.required_by_fall) == (4, 1)  # the most demanding row
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
