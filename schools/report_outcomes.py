"""The annual report's "How calls ended" section (registered in reports.figures.SECTIONS by SchoolsConfig.ready).

The evidence for the unit's restorative approach: of the youth-related calls whose outcome is recorded, the share
that ended without a charge, against the previous period. Counts only, never who.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from reports.figures import Figure, Period, Section, Table, key_figures_table, key_row

from .models import CallForService, CallOutcome


def _counts(period: Period) -> dict:
    """{"by_outcome": {outcome id: calls}, "youth": n, "youth_no_charge": n, "unrecorded": n}. Two queries."""
    found = {"by_outcome": {}, "youth": 0, "youth_no_charge": 0, "unrecorded": 0}
    if period.in_future:
        return found
    start, end = period.datetime_bounds()
    qs = CallForService.objects.filter(
        status=CallForService.Status.ACTIVE, occurred_at__gte=start, occurred_at__lt=end
    ).order_by()
    found["by_outcome"] = dict(qs.filter(outcome__isnull=False).values_list("outcome").annotate(n=Count("pk")))
    youth = Q(youth_related=True, outcome__isnull=False)
    totals = qs.aggregate(
        youth=Count("pk", filter=youth),
        youth_no_charge=Count("pk", filter=youth & Q(outcome__counts_as_charge=False)),
        unrecorded=Count("pk", filter=Q(outcome__isnull=True)),
    )
    found.update(totals)
    return found


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def call_outcomes(period: Period) -> Section:
    now, before = _counts(period), _counts(period.previous())
    share_now = _share(now["youth_no_charge"], now["youth"])
    share_before = _share(before["youth_no_charge"], before["youth"])
    key = key_figures_table(
        rows=[
            key_row(_("Youth-related calls with an outcome"), now["youth"], before["youth"]),
            key_row(_("Youth-related calls ended without a charge"), now["youth_no_charge"], before["youth_no_charge"]),
            key_row(_("Youth-related calls ended without a charge (%)"), share_now, share_before),
            key_row(_("Calls without a recorded outcome"), now["unrecorded"], before["unrecorded"]),
        ]
    )
    used = set(now["by_outcome"]) | set(before["by_outcome"])
    outcomes = [o for o in CallOutcome.objects.all() if o.active or o.pk in used]
    by_outcome = Table(
        key="by_outcome",
        title=_("Calls by outcome"),
        columns=[_("Outcome"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[key_row(o.name, now["by_outcome"].get(o.pk, 0), before["by_outcome"].get(o.pk, 0)) for o in outcomes],
    )
    figures = [
        Figure(
            key="calls.resolved_without_charge",
            label=_("Youth-related calls ended without a charge (%)"),
            this_period=share_now,
            previous_period=share_before,
        ),
        Figure(
            key="calls.youth_related",
            label=_("Youth-related calls with an outcome"),
            this_period=now["youth"],
            previous_period=before["youth"],
        ),
        *(
            Figure(
                key=f"calls.outcome.{o.code}",
                label=_("Calls by outcome"),
                this_period=now["by_outcome"].get(o.pk, 0),
                previous_period=before["by_outcome"].get(o.pk, 0),
                group=o.name,
            )
            for o in outcomes
        ),
    ]
    return Section(
        key="call_outcomes",
        title=_("How calls ended"),
        tables=[key, by_outcome],
        figures=figures,
        note=_(
            "Outcomes are categories (the Youth Criminal Justice Act's extrajudicial measures, a charge, a referral); "
            "no person is recorded. The share without a charge counts the youth-related calls whose outcome is "
            "recorded; an outcome counts as a charge when its list entry says so. Voided calls are not counted; calls "
            "recorded before outcomes existed have none."
        ),
    )
