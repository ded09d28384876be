"""The annual report's threat-assessment section (registered in reports.figures.SECTIONS by ThreatsConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.figures import Figure, Period, Section, Table, key_figures_table, key_row
from schools.models import School

from .selectors import counts_between, outcome_labels


def _month_rows(period: Period, now: dict, before: dict) -> list[list]:
    from reports.figures import month_label

    months, previous = period.months(), period.previous().months()
    return [
        [month_label(y, m), now.get((y, m), 0), before.get(previous[i], 0) if i < len(previous) else 0]
        for i, (y, m) in enumerate(months)
    ]


def threat_assessments(period: Period) -> Section:
    """Assessments the unit took part in, by stage, month, school level and outcome. Counts only, never who."""
    previous = period.previous()
    now = counts_between(period.start, period.end)
    before = counts_between(previous.start, previous.end)
    key = key_figures_table(
        rows=[
            key_row(_("Threat assessments"), now.total, before.total),
            key_row(_("Went on to Stage II"), now.stage_two, before.stage_two),
        ]
    )
    outcomes = outcome_labels(set(now.by_outcome) | set(before.by_outcome))
    columns = [_("This period"), _("Previous period"), _("Change")]
    by_outcome = Table(
        key="by_outcome",
        title=_("Threat assessments by outcome"),
        columns=[_("Outcome"), *columns],
        signed_last=True,
        rows=[key_row(o.name, now.by_outcome.get(o.pk, 0), before.by_outcome.get(o.pk, 0)) for o in outcomes],
    )
    by_level = Table(
        key="by_level",
        title=_("Threat assessments by school level"),
        columns=[_("School level"), *columns],
        signed_last=True,
        rows=[
            key_row(str(label), now.by_level.get(value, 0), before.by_level.get(value, 0))
            for value, label in School.Category.choices
            if now.by_level.get(value) or before.by_level.get(value)
        ],
    )
    by_month = Table(
        key="by_month",
        title=_("Threat assessments by month"),
        columns=[_("Month"), _("Assessments"), _("Previous period")],
        rows=_month_rows(period, now.by_month, before.by_month),
    )
    figures = [
        Figure(
            key="threats.assessments",
            label=_("Threat assessments"),
            this_period=now.total,
            previous_period=before.total,
        ),
        Figure(
            key="threats.stage_two",
            label=_("Went on to Stage II"),
            this_period=now.stage_two,
            previous_period=before.stage_two,
        ),
        *(
            Figure(
                key=f"threats.outcome.{o.code}",
                label=_("Threat assessments by outcome"),
                this_period=now.by_outcome.get(o.pk, 0),
                previous_period=before.by_outcome.get(o.pk, 0),
                group=o.name,
            )
            for o in outcomes
        ),
    ]
    return Section(
        key="threat_assessments",
        title=_("Threat assessments (VTRA)"),
        tables=[key, by_outcome, by_level, by_month],
        figures=figures,
        note=_(
            "Violence Threat Risk Assessments the unit's officers took part in, by the date of the assessment; voided "
            "records are not counted. No person is identified: the records hold categories and counts only."
        ),
    )
