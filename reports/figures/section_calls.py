"""Calls for service at schools."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from schools.models import CallForService

from .base import (
    Chart,
    Period,
    Section,
    Table,
    _officer_names,
    key_figures_table,
    key_row,
    month_label,
    month_short,
    num,
    pair,
)


@dataclass
class Calls:
    total: int = 0
    by_category: dict = field(default_factory=dict)
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)


def calls(period: Period) -> Calls:
    """Calls that were not voided, by category, by month (local time) and by responding officer. One query: the
    counts per (category, month, officer), at most categories x months x officers rows whatever the number of
    calls, added up here into each breakdown."""
    result = Calls()
    if period.in_future:
        return result
    start, end = period.datetime_bounds()
    qs = CallForService.objects.filter(
        status=CallForService.Status.ACTIVE, occurred_at__gte=start, occurred_at__lt=end
    ).order_by()
    tz = timezone.get_default_timezone()
    groups = (
        qs.annotate(m=TruncMonth("occurred_at", tzinfo=tz))
        .values_list("category", "m", "responding_officer")
        .annotate(n=Count("pk"))
    )
    for category, month, officer, n in groups:
        result.total += n
        result.by_category[category] = result.by_category.get(category, 0) + n
        result.by_month[(month.year, month.month)] = result.by_month.get((month.year, month.month), 0) + n
        result.by_officer[officer] = result.by_officer.get(officer, 0) + n
    return result


def calls_for_service(period: Period) -> Section:
    now, before = calls(period), calls(period.previous())
    key = key_figures_table(
        rows=[key_row(_("Calls for service at schools"), now.total, before.total)],
        keys=["calls.total"],
    )
    categories = CallForService.Category
    by_category = Table(
        key="by_category",
        title=_("Calls by category"),
        columns=[_("Category"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[
            key_row(str(label), now.by_category.get(value, 0), before.by_category.get(value, 0))
            for value, label in categories.choices
        ],
    )
    months, previous_months = period.months(), period.previous().months()
    by_month = Table(
        key="by_month",
        title=_("Calls by month"),
        columns=[_("Month"), _("Calls"), _("Previous period")],
        rows=[
            [
                month_label(y, m),
                now.by_month.get((y, m), 0),
                before.by_month.get(previous_months[i], 0) if i < len(previous_months) else 0,
            ]
            for i, (y, m) in enumerate(months)
        ],
    )
    names = _officer_names([*now.by_officer, *before.by_officer])
    officer_ids = sorted(set(now.by_officer) | set(before.by_officer), key=lambda i: names[i])
    by_officer = Table(
        key="by_officer",
        title=_("Calls by responding officer"),
        columns=[_("Officer"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[key_row(names[i], now.by_officer.get(i, 0), before.by_officer.get(i, 0)) for i in officer_ids],
    )
    used = [row for row in by_category.rows if row[1]]
    category_chart = Chart(
        key="calls_by_category",
        title=_("Calls for service by category"),
        caption=_("Bar chart: calls for service at schools by category; %(total)s in all. %(detail)s")
        % {"total": num(now.total), "detail": "; ".join(pair(r[0], r[1]) for r in used)},
        labels=[row[0] for row in by_category.rows],
        values=[row[1] for row in by_category.rows],
    )
    month_chart = Chart(
        key="calls_by_month",
        title=_("Calls for service by month"),
        caption=_("Bar chart: calls for service at schools, month by month; %(total)s in all.")
        % {"total": num(now.total)},
        labels=[month_short(m) for _y, m in months],
        values=[row[1] for row in by_month.rows],
        orientation="vertical",
    )
    return Section(
        key="calls_for_service",
        title=_("Calls for service at schools"),
        tables=[key, by_category, by_month, by_officer],
        charts=[category_chart, month_chart],
        note=_("Voided calls are not counted. Months follow local time."),
    )
