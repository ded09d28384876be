"""Read-side queries: the situation list, a period's statistics (the statistics page, the annual report section,
the ICPI record) and the rows of the RTD-layout export."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from committees.models import Partner
from csu.dates import local_days

from .models import Factor, Situation, SituationTable, TableMeeting


def situations_for_list():
    return Situation.objects.select_related("table", "originating_agency", "lead_agency", "presented_at").annotate(
        review_count=Count("reviews", distinct=True)
    )


def situations_for_export():
    """Everything the RTD-layout row reads, in a fixed number of queries whatever the row count."""
    return (
        Situation.objects.current()
        .select_related("table", "originating_agency", "lead_agency", "presented_at")
        .prefetch_related(
            Prefetch("assisting_agencies", queryset=Partner.objects.order_by("name")),
            Prefetch("risk_factors", queryset=Factor.objects.order_by("position")),
            Prefetch("protective_factors", queryset=Factor.objects.order_by("position")),
        )
        .annotate(review_count=Count("reviews", distinct=True))
        .order_by("table__name", "number")
    )


def table_detail_meetings(table: SituationTable):
    return table.meetings.annotate(
        presented=Count("situations_presented", filter=Q(situations_presented__voided_at__isnull=True), distinct=True),
        reviewed=Count("reviews", distinct=True),
        present=Count("agencies_present", distinct=True),
    ).order_by("-starts_at")


def open_situations(table: SituationTable | None = None):
    qs = Situation.objects.current().filter(concluded_on__isnull=True).exclude(threshold_met=False)
    if table is not None:
        qs = qs.filter(table=table)
    return qs.select_related("table", "originating_agency", "lead_agency", "presented_at")


def awaiting_response(now: dt.datetime):
    """Accepted situations without a first response yet, oldest decision first, with their hours waited."""
    rows = list(
        Situation.objects.current()
        .filter(threshold_met=True, first_response_at__isnull=True, concluded_on__isnull=True)
        .select_related("table", "presented_at", "lead_agency")
        .order_by("presented_at__starts_at", "pk")
    )
    for row in rows:
        row.hours_waiting = round((now - row.presented_at.starts_at) / dt.timedelta(hours=1), 1)
        row.overdue = row.hours_waiting > settings.SITUATIONS_RESPONSE_TARGET_HOURS
    return rows


@dataclass
class Statistics:
    """A period's figures. Periods count each situation by the date of the step: brought (filter 1), presented
    (filter 2: the meeting's date), concluded."""

    brought: int = 0
    presented: int = 0
    threshold_met: int = 0
    not_met: int = 0
    responded: int = 0
    within_target: int = 0
    median_hours: float | None = None
    hours: list[float] = field(default_factory=list)
    risk_factors: list[tuple[str, str, int]] = field(default_factory=list)  # (category, label, situations)
    risk_categories: list[tuple[str, int]] = field(default_factory=list)
    lead_agencies: list[tuple[str, int]] = field(default_factory=list)
    originating_agencies: list[tuple[str, int]] = field(default_factory=list)
    conclusions: list[tuple[str, int]] = field(default_factory=list)
    concluded: int = 0
    risk_lowered: int = 0
    not_met_reasons: list[tuple[str, int]] = field(default_factory=list)

    @property
    def threshold_share(self) -> float | None:
        decided = self.threshold_met + self.not_met
        return round(100 * self.threshold_met / decided, 1) if decided else None

    @property
    def within_target_share(self) -> float | None:
        return round(100 * self.within_target / self.responded, 1) if self.responded else None

    @property
    def risk_lowered_share(self) -> float | None:
        return round(100 * self.risk_lowered / self.concluded, 1) if self.concluded else None


def statistics_between(start: dt.date, end: dt.date, *, table: SituationTable | None = None) -> Statistics:
    """Figures for the days [start, end] (both counted). Seven queries whatever the number of situations."""
    result = Statistics()
    if end < start:
        return result
    first, after = local_days(start, end)
    situations = Situation.objects.current()
    if table is not None:
        situations = situations.filter(table=table)
    result.brought = situations.filter(brought_on__gte=start, brought_on__lte=end).count()
    presented = situations.filter(presented_at__starts_at__gte=first, presented_at__starts_at__lt=after)
    counts = presented.aggregate(
        n=Count("pk"), met=Count("pk", filter=Q(threshold_met=True)), not_met=Count("pk", filter=Q(threshold_met=False))
    )
    result.presented, result.threshold_met, result.not_met = counts["n"], counts["met"], counts["not_met"]
    labels = dict(Situation.NotMetReason.choices)
    result.not_met_reasons = [
        (str(labels.get(reason, reason)), n)
        for reason, n in presented.filter(threshold_met=False)
        .order_by()
        .values_list("not_met_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "not_met_reason")
    ]
    accepted = presented.filter(threshold_met=True)
    target = settings.SITUATIONS_RESPONSE_TARGET_HOURS
    result.hours = sorted(
        round((response - decided) / dt.timedelta(hours=1), 1)
        for response, decided in accepted.filter(first_response_at__isnull=False).values_list(
            "first_response_at", "presented_at__starts_at"
        )
    )
    result.responded = len(result.hours)
    result.within_target = sum(1 for h in result.hours if h <= target)
    result.median_hours = round(statistics.median(result.hours), 1) if result.hours else None

    factor_counts = Counter(
        dict(
            Factor.objects.filter(situations_at_risk__in=accepted)
            .order_by()
            .values_list("pk")
            .annotate(n=Count("situations_at_risk", distinct=True))
        )
    )
    factors = {f.pk: f for f in Factor.objects.filter(pk__in=factor_counts)}
    ranked = sorted(factor_counts.items(), key=lambda item: (-item[1], factors[item[0]].position))
    result.risk_factors = [(factors[pk].category, factors[pk].label, n) for pk, n in ranked]
    by_category: Counter = Counter()
    seen_pairs = set(
        accepted.filter(risk_factors__isnull=False).values_list("pk", "risk_factors__category_en").distinct()
    )
    category_label = {f.category_en: f.category for f in factors.values()}
    for _pk, category_en in seen_pairs:
        by_category[category_en] += 1
    result.risk_categories = [
        (category_label.get(c, c), n) for c, n in sorted(by_category.items(), key=lambda item: (-item[1], item[0]))
    ]
    result.lead_agencies = list(
        accepted.filter(lead_agency__isnull=False)
        .order_by()
        .values_list("lead_agency__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_agency__name")
    )
    result.originating_agencies = list(
        situations.filter(brought_on__gte=start, brought_on__lte=end)
        .order_by()
        .values_list("originating_agency__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "originating_agency__name")
    )
    conclusion_labels = dict(Situation.Conclusion.choices)
    concluded = dict(
        situations.filter(concluded_on__gte=start, concluded_on__lte=end)
        .order_by()
        .values_list("conclusion")
        .annotate(n=Count("pk"))
    )
    result.conclusions = [
        (str(conclusion_labels[code]), concluded[code]) for code in Situation.Conclusion.values if code in concluded
    ]
    result.concluded = sum(concluded.values())
    result.risk_lowered = sum(concluded.get(code, 0) for code in Situation.RISK_LOWERED)
    return result


def meetings_in(start: dt.datetime, end: dt.datetime):
    return (
        TableMeeting.objects.filter(voided_at__isnull=True, starts_at__gte=start, starts_at__lt=end)
        .select_related("table")
        .order_by("starts_at")
    )


def table_first_meeting(table: SituationTable) -> dt.date | None:
    first = table.meetings.filter(voided_at__isnull=True).order_by("starts_at").values_list("starts_at", flat=True)
    first = first.first()
    return timezone.localtime(first).date() if first else None
