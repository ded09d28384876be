"""Supervisor dashboard: this calendar year's key figures so far, and calls by month as a chart."""

from django.utils import timezone
from django.utils.translation import gettext as _

from csu.registry import Panel

from . import figures
from .models import AnnualReport
from .svg import bar_chart


def panels(request, role) -> list[Panel]:
    if role != "supervisor" or not request.user.has_perm("reports.view_annualreport"):
        return []
    period = figures.Period.of(figures.CALENDAR, timezone.localdate().year)
    cover = figures.coverage(period)
    calls = figures.calls(period)
    months = period.months()
    values = [calls.by_month.get(m, 0) for m in months]
    caption = _("Bar chart: calls for service at schools each month of %(year)s so far; %(total)s in all.") % {
        "year": period.year,
        "total": calls.total,
    }
    chart = bar_chart(
        key="dashboard-calls",
        title=_("Calls for service by month"),
        caption=caption,
        labels=[figures.month_short(m) for _y, m in months],
        values=values,
        orientation="vertical",
        width=480,
    )
    latest = (
        AnnualReport.objects.filter(status=AnnualReport.Status.READY).defer("figures").order_by("-finished_at").first()
    )
    return [
        Panel(
            template="reports/panels/supervisor.html",
            context={
                "year": period.year,
                "to": period.end,
                "figures": [
                    (_("Schools"), cover.schools),
                    (_("Officers assigned to schools"), cover.officers),
                    (_("Schools per officer (average)"), cover.schools_per_officer),
                    (_("Unassigned school-days"), cover.unassigned_days),
                    (_("Calls for service at schools"), calls.total),
                ],
                "chart": chart,
                "caption": caption,
                "latest": latest,
            },
            order=90,
        )
    ]
