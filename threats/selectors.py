"""Read-side queries of threat assessments, shared by the pages, the supervisor's dashboard and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth

from accounts.models import User

from .models import BehaviourKind, OutcomeCategory, ThreatAssessment


def assessment_list_queryset():
    """What the list page and its CSV read, in a fixed number of queries (officers are prefetched)."""
    return ThreatAssessment.objects.select_related("school", "behaviour", "outcome", "call").prefetch_related(
        Prefetch("officers", queryset=User.objects.order_by("display_name", "username"))
    )


def assessment_detail(pk: int) -> ThreatAssessment:
    return assessment_list_queryset().select_related("created_by").get(pk=pk)


@dataclass
class Counts:
    """Active assessments dated between two days: totals and breakdowns by month, school level, outcome, behaviour."""

    total: int = 0
    stage_two: int = 0
    follow_ups_overdue: int = 0
    by_month: dict = field(default_factory=dict)  # (year, month) -> n
    by_level: dict = field(default_factory=dict)  # School.Category value -> n
    by_outcome: dict = field(default_factory=dict)  # OutcomeCategory id -> n
    by_behaviour: dict = field(default_factory=dict)  # BehaviourKind id -> n


def counts_between(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> Counts:
    """Five aggregated queries whatever the number of assessments; `end` is included."""
    result = Counts()
    if end < start:
        return result
    qs = ThreatAssessment.objects.active().filter(assessed_on__gte=start, assessed_on__lte=end).order_by()
    totals = qs.aggregate(
        total=Count("pk"),
        stage_two=Count("pk", filter=Q(stage=ThreatAssessment.Stage.TWO)),
        overdue=Count("pk", filter=Q(follow_up_done=False, follow_up_on__lt=today or end)),
    )
    result.total, result.stage_two, result.follow_ups_overdue = totals["total"], totals["stage_two"], totals["overdue"]
    for month, n in qs.annotate(m=TruncMonth("assessed_on")).values_list("m").annotate(n=Count("pk")):
        result.by_month[(month.year, month.month)] = n
    result.by_level = dict(qs.values_list("school__category").annotate(n=Count("pk")))
    result.by_outcome = dict(qs.values_list("outcome").annotate(n=Count("pk")))
    result.by_behaviour = dict(qs.values_list("behaviour").annotate(n=Count("pk")))
    return result


def outcome_labels(used: set[int] = frozenset()) -> list[OutcomeCategory]:
    """Active outcome categories, and retired ones still counted."""
    return [o for o in OutcomeCategory.objects.all() if o.active or o.pk in used]


def behaviour_labels(used: set[int] = frozenset()) -> list[BehaviourKind]:
    return [b for b in BehaviourKind.objects.all() if b.active or b.pk in used]


def overdue_follow_ups(today: dt.date, *, limit: int = 10) -> list[ThreatAssessment]:
    return list(
        ThreatAssessment.objects.follow_up_overdue(today)
        .select_related("school", "behaviour")
        .order_by("follow_up_on", "pk")[:limit]
    )


def recent_for_school(school, *, limit: int = 5) -> list[ThreatAssessment]:
    return list(
        ThreatAssessment.objects.active()
        .filter(school=school)
        .select_related("behaviour", "outcome")
        .order_by("-assessed_on", "-pk")[:limit]
    )
