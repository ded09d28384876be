"""CAA School Safety Patrol of the report's school year."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from schools.models import SchoolYear

from .base import (
    SCHOOL,
    Period,
    Section,
    Table,
    _month_counts,
    key_figures_table,
    key_row,
    month_label,
    report_school_year,
)

PATROL_FIELDS = ("schools", "patrollers", "captains", "trained", "exam_passes", "patroller_noms", "supervisor_noms")


def patrol(school_year: int) -> dict:
    """The patrol figures of one school year (sums over the schools' PatrolYear rows). One query."""
    from programs.models import PatrolYear

    totals = PatrolYear.objects.filter(school_year=school_year).aggregate(
        **{
            f"total_{name}": expression
            for name, expression in (
                ("schools", Count("pk", filter=Q(patrollers__gt=0))),
                ("patrollers", Sum("patrollers")),
                ("captains", Sum("captains")),
                ("trained", Sum("patrollers", filter=Q(training_on__isnull=False))),
                ("exam_passes", Sum("exam_passes")),
                ("patroller_noms", Sum("patroller_of_year_nominations")),
                ("supervisor_noms", Sum("supervisor_of_year_nominations")),
            )
        }
    )
    return {name: totals[f"total_{name}"] or 0 for name in PATROL_FIELDS}


def safety_patrol(period: Period) -> Section:
    from programs.models import PatrolYear

    year = report_school_year(period)
    now, before = (patrol(year), patrol(year - 1)) if not period.in_future else ({}, {})
    labels = [
        ("schools", _("Schools with a patrol")),
        ("patrollers", _("Patrollers")),
        ("captains", _("Patrol captains")),
        ("trained", _("Patrollers trained")),
        ("exam_passes", _("Patrol exam passes")),
        ("patroller_noms", _("Patroller of the Year nominations")),
        ("supervisor_noms", _("Patrol Supervisor of the Year nominations")),
    ]
    key = key_figures_table(
        rows=[key_row(str(label), now.get(name, 0), before.get(name, 0)) for name, label in labels],
        keys=[f"patrol.{name}" for name, _label in labels],
    )
    school_year = Period.of(SCHOOL, year, today=max(period.end, period.start))
    training = PatrolYear.objects.filter(school_year__in=[year, year - 1], training_on__isnull=False).order_by()
    by_month_all = _month_counts(training, "training_on", is_datetime=False, value=Sum("patrollers"))
    months = school_year.months() if not period.in_future else []
    by_month = Table(
        key="training_by_month",
        title=_("Patrollers trained by month, school year %(year)s") % {"year": SchoolYear.label(year)},
        columns=[_("Month"), _("Patrollers trained"), _("Previous period")],
        rows=[[month_label(y, m), by_month_all.get((y, m), 0), by_month_all.get((y - 1, m), 0)] for y, m in months],
    )
    return Section(
        key="safety_patrol",
        title=_("CAA School Safety Patrol"),
        tables=[key, by_month],
        note=_(
            "Figures of the school year %(year)s, compared with the school year before. Patrollers trained are the "
            "patrollers of schools whose training date is recorded."
        )
        % {"year": SchoolYear.label(year)},
    )
