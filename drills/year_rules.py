"""The rules a school year may add beyond the counts per kind (DrillYearRule.require_*): at least one unannounced
drill, one outside class time, a bomb-threat practice. Kept apart from the per-kind compliance of drills.selectors:
the board, the school panel, the reminders and the report ask this module what is missing."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Drill, DrillYearRule

BOMB_THREAT_CODE = "bomb-threat"
MISSING_LABELS = {
    "unannounced": _("an unannounced drill"),
    "outside_class": _("a drill outside class time"),
    "bomb_threat": _("a bomb-threat practice"),
}


def rule_asks(rule: DrillYearRule) -> list[str]:
    return [
        name
        for name, wanted in (
            ("unannounced", rule.require_unannounced),
            ("outside_class", rule.require_outside_class),
            ("bomb_threat", rule.require_bomb_threat),
        )
        if wanted
    ]


def missing_by_school(
    *, rule: DrillYearRule, school_ids=None, completed_until: dt.date | None = None
) -> dict[int, list[str]]:
    """{school id: the keys of MISSING_LABELS the school still lacks} for the schools given (every school with a
    completed drill otherwise; a school absent from the answer and asked about lacks them all, see `missing_for`).

    Counts completed drills of the year (up to `completed_until`), whatever their kind and whoever led them. One
    query, none when the year asks for nothing.
    """
    asks = rule_asks(rule)
    if not asks:
        return {}
    end = min(rule.ends_on, completed_until) if completed_until else rule.ends_on
    drills = Drill.objects.filter(status=Drill.Status.COMPLETED, occurs_on__gte=rule.starts_on, occurs_on__lte=end)
    if school_ids is not None:
        drills = drills.filter(school_id__in=list(school_ids))
    rows = (
        drills.order_by()
        .values("school_id")
        .annotate(
            unannounced=Count("pk", filter=Q(announced=False)),
            outside_class=Count("pk", filter=~Q(time_of_day=Drill.TimeOfDay.CLASS)),
            bomb_threat=Count("pk", filter=Q(kind__code=BOMB_THREAT_CODE)),
        )
    )
    return {row["school_id"]: [name for name in asks if not row[name]] for row in rows}


def missing_for(found: dict[int, list[str]], school_id: int, rule: DrillYearRule) -> list[str]:
    """What `school_id` lacks, given the answer of `missing_by_school` for a set of schools including it."""
    return found.get(school_id, rule_asks(rule))


def labels(missing: list[str]) -> list[str]:
    return [str(MISSING_LABELS[name]) for name in missing]
