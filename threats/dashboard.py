"""Threat assessments on the supervisor's dashboard: this school year by month, school level and outcome."""

from django.utils import timezone

from accounts.models import Role
from csu.registry import Panel
from schools.models import School, SchoolYear

from .selectors import counts_between, outcome_labels, overdue_follow_ups


def panels(request, role) -> list[Panel]:
    if role != Role.SUPERVISOR or not request.user.has_perm("threats.view_threatassessment"):
        return []
    year = SchoolYear.current()

    def context() -> dict:
        today = timezone.localdate()
        start, _end = SchoolYear.bounds(year)
        counts = counts_between(start, today, today=today)
        months = []
        y, m = start.year, start.month
        while (y, m) <= (today.year, today.month):
            months.append({"year": y, "month": m, "count": counts.by_month.get((y, m), 0)})
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        levels = [
            {"label": label, "count": counts.by_level[value]}
            for value, label in School.Category.choices
            if counts.by_level.get(value)
        ]
        outcomes = [
            {"label": o.name, "count": counts.by_outcome.get(o.pk, 0)} for o in outcome_labels(set(counts.by_outcome))
        ]
        return {
            "year_label": SchoolYear.label(year),
            "counts": counts,
            "months": months,
            "levels": levels,
            "outcomes": outcomes,
            "overdue": overdue_follow_ups(today),
        }

    # Its markup is kept per day until an assessment or its lists change (csu.cache topic "threats").
    return [Panel("threats/panels/supervisor.html", context, order=35, topic="threats")]
