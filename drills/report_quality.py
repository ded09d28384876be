"""The annual report's "Drill quality" section (registered in reports.figures.SECTIONS by DrillsConfig.ready):
time to secure, announced and unannounced drills, who led them, and the schools that did not meet the year's rule.

Beside the drills section rather than inside it, so that the two can change apart.
"""

from __future__ import annotations

import statistics

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from reports.figures import Figure, Period, Section, Table, key_figures_table, key_row, report_school_year
from schools.models import SchoolYear

from . import year_rules
from .models import Drill


def _figures(period: Period) -> dict:
    """Two queries: the split counts, and the times to secure (a median needs the values)."""
    found = {"announced": 0, "unannounced": 0, "avg": 0.0, "median": 0.0, "timed": 0, "roles": {}}
    if period.in_future:
        return found
    done = Drill.objects.filter(
        status=Drill.Status.COMPLETED, occurs_on__gte=period.start, occurs_on__lte=period.end
    ).order_by()
    counts = done.aggregate(yes=Count("pk", filter=Q(announced=True)), no=Count("pk", filter=Q(announced=False)))
    found.update(announced=counts["yes"], unannounced=counts["no"])
    found["roles"] = dict(done.values_list("police_role").annotate(n=Count("pk")))
    times = list(done.filter(time_to_secure__isnull=False).values_list("time_to_secure", flat=True))
    if times:
        found.update(avg=round(statistics.fmean(times), 1), median=float(statistics.median(times)), timed=len(times))
    return found


def schools_not_meeting(period: Period) -> list[list]:
    """[school, what is missing] for each active school that did not meet the report's school year's rule (counts per
    kind and the year's extra rules), as of the period's last day."""
    from .selectors import Status, compliance_rows, effective_rule

    year = report_school_year(period)
    if period.in_future:
        return []
    rule = effective_rule(year)
    rows = compliance_rows(year=year, today=period.end, completed_until=period.end)
    extra = year_rules.missing_by_school(rule=rule, completed_until=period.end)
    found = []
    for row in rows:
        missing = [f"{p.kind_name} {p.completed}/{p.required}" for p in row.parts if p.completed < p.required]
        missing += year_rules.labels(year_rules.missing_for(extra, row.school_id, rule))
        if missing or row.status != Status.COMPLIANT:
            found.append([row.school_name, "; ".join(missing)])
    return found


def drill_quality(period: Period) -> Section:
    now, before = _figures(period), _figures(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Average time to secure (seconds)"), now["avg"], before["avg"]),
            key_row(_("Median time to secure (seconds)"), now["median"], before["median"]),
            key_row(_("Drills with a time to secure"), now["timed"], before["timed"]),
            key_row(_("Announced drills"), now["announced"], before["announced"]),
            key_row(_("Unannounced drills"), now["unannounced"], before["unannounced"]),
        ]
    )
    roles = Table(
        key="by_police_role",
        title=_("Drills by police role"),
        columns=[_("Police role"), _("This period"), _("Previous period"), _("Change")],
        signed_last=True,
        rows=[
            key_row(str(label), now["roles"].get(value, 0), before["roles"].get(value, 0))
            for value, label in Drill.PoliceRole.choices
        ],
    )
    year = report_school_year(period)
    missing = Table(
        key="schools_not_meeting_rule",
        title=_("Schools that did not meet the rule of %(year)s") % {"year": SchoolYear.label(year)},
        columns=[_("School"), _("Missing")],
        rows=schools_not_meeting(period),
    )
    figures = [
        Figure("drills.time_to_secure_avg", _("Average time to secure (seconds)"), now["avg"], before["avg"]),
        Figure("drills.time_to_secure_median", _("Median time to secure (seconds)"), now["median"], before["median"]),
        Figure("drills.announced", _("Announced drills"), now["announced"], before["announced"]),
        Figure("drills.unannounced", _("Unannounced drills"), now["unannounced"], before["unannounced"]),
        Figure("drills.schools_not_meeting_rule", _("Schools that did not meet the year's rule"), len(missing.rows)),
    ]
    return Section(
        key="drill_quality",
        title=_("Drill quality"),
        tables=[key, roles, missing],
        figures=figures,
        note=_(
            "Completed drills of every kind dated in the period, whoever led them (a drill the school led with the "
            "officer observing or absent counts). Times to secure are those recorded; drills without one are left "
            "out of the average and median. The schools listed are the active schools that had not met the school "
            "year's rule by the last day of the period: the drills required per kind and the year's extra rules "
            "(an unannounced drill, one outside class time, a bomb-threat practice) where it sets them."
        ),
    )
