"""The situation table's section of the annual overview (appended to reports.figures.SECTIONS by the AppConfig)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from reports.figures import Figure, Period, Section, Table, key_figures_table, key_row

from .selectors import statistics_between

TOP_FACTORS = 10


def situations_section(period: Period) -> Section:
    now = statistics_between(period.start, period.end)
    previous = period.previous()
    before = statistics_between(previous.start, previous.end)
    key = key_figures_table(
        rows=[
            key_row(_("Situations brought to the table"), now.brought, before.brought),
            key_row(_("Situations presented"), now.presented, before.presented),
            key_row(_("Threshold of acutely elevated risk met"), now.threshold_met, before.threshold_met),
            key_row(_("Share meeting the threshold (%)"), now.threshold_share or 0, before.threshold_share or 0),
            key_row(_("Median hours to first response"), now.median_hours or 0, before.median_hours or 0),
            key_row(
                _("First responses within the target (%)"),
                now.within_target_share or 0,
                before.within_target_share or 0,
            ),
            key_row(_("Situations concluded"), now.concluded, before.concluded),
            key_row(_("Concluded with overall risk lowered"), now.risk_lowered, before.risk_lowered),
        ]
    )
    previous_factors = {(category, label): n for category, label, n in before.risk_factors}
    top = now.risk_factors[:TOP_FACTORS]
    factors = Table(
        key="top_risk_factors",
        title=_("Top risk factors"),
        columns=[_("Category"), _("Risk factor"), _("Situations"), _("Situations (previous)")],
        rows=[[category, label, n, previous_factors.get((category, label), 0)] for category, label, n in top],
    )
    leading = Table(
        key="lead_agencies",
        title=_("Agencies leading"),
        columns=[_("Agency"), _("Situations led")],
        rows=[[name, n] for name, n in now.lead_agencies],
    )
    conclusions = Table(
        key="conclusions",
        title=_("Conclusions"),
        columns=[_("Conclusion"), _("Situations")],
        rows=[[label, n] for label, n in now.conclusions],
    )
    figures = [
        Figure("situations.presented", _("Situations presented"), now.presented, before.presented),
        Figure(
            "situations.threshold_met",
            _("Threshold of acutely elevated risk met"),
            now.threshold_met,
            before.threshold_met,
        ),
        Figure(
            "situations.median_hours_to_response",
            _("Median hours to first response"),
            now.median_hours,
            before.median_hours,
        ),
        *(
            Figure(
                "situations.risk_factor",
                _("Situations with this risk factor"),
                n,
                previous_factors.get((c, label), 0),
                group=label,
            )
            for c, label, n in top
        ),
    ]
    return Section(
        key="situations",
        title=_("Situation table"),
        tables=[key, factors, leading, conclusions],
        figures=figures,
        note=_(
            "De-identified counts from the situation table's records. Presented and threshold figures count the "
            "situations discussed at a meeting in the period; hours to first response run from that meeting to the "
            "first response; risk factors count the situations that met the threshold. Voided records are left out."
        ),
    )
