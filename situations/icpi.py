"""The situation table as an initiative of the Index of Community Policing Initiatives (added to
reports.icpi.PROVIDERS by the AppConfig), like Peel's Community Safety Model record: partners, time in place,
forms of evaluation and the last 12 months' figures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Partner
from reports.icpi import Initiative, _years_since

from .models import SituationTable
from .selectors import statistics_between


def situation_tables() -> list[Initiative]:
    today = timezone.localdate()
    tables = (
        SituationTable.objects.filter(active_to__isnull=True)
        .select_related("host")
        .prefetch_related(Prefetch("agencies", queryset=Partner.objects.order_by("name")))
    )
    initiatives = []
    for table in tables:
        figures = statistics_between(today - dt.timedelta(days=364), today, table=table)
        agencies = [p.name for p in table.agencies.all()]
        initiatives.append(
            Initiative(
                name=table.name,
                description=_(
                    "A situation table (HUB model): %(count)s agencies meet %(cadence)s to identify situations of "
                    "acutely elevated risk, decide together whether the threshold is met, and mobilize the agencies "
                    "needed within %(hours)s hours, following the four-filter approach. Discussions are recorded "
                    "de-identified."
                )
                % {
                    "count": len(agencies),
                    "cadence": table.get_cadence_display().lower(),
                    "hours": settings.SITUATIONS_RESPONSE_TARGET_HOURS,
                },
                key_objectives=_(
                    "Lower acutely elevated risk before harm occurs; connect people to services quickly; "
                    "reduce emergency and enforcement responses."
                ),
                section_responsible=_("Community Services Unit"),
                key_contact=_("Community Development Coordinator"),
                partners=", ".join([table.host.name, *[a for a in agencies if a != table.host.name]]),
                level_of_involvement=_("Cooperative"),
                time_in_place=_years_since(table.active_from, today),
                reason=_("Community safety and well-being plan: risk intervention (Ontario CSWB framework)."),
                resources_required=_("Staff time of each member agency at %(cadence)s meetings; no dedicated budget.")
                % {"cadence": table.get_cadence_display().lower()},
                method_of_implementation=_(
                    "Four filters: the originating agency brings the situation; the table decides on the threshold "
                    "de-identified; only the agencies needed receive limited information; they respond together."
                ),
                key_outcomes=_(
                    "Last 12 months: %(presented)s situations presented, %(met)s met the threshold, median %(hours)s "
                    "hours to first response."
                )
                % {
                    "presented": figures.presented,
                    "met": figures.threshold_met,
                    "hours": figures.median_hours if figures.median_hours is not None else "—",
                },
                communication_strategy=_("Yes: annual overview report"),
                forms_of_evaluation=_(
                    "De-identified records submitted to Ontario's Risk-driven Tracking Database; statistics of "
                    "situations presented, share meeting the threshold, hours to first response against the target, "
                    "risk factors and conclusions."
                ),
                summary_of_outcomes=_("%(concluded)s situations concluded, %(lowered)s with overall risk lowered.")
                % {"concluded": figures.concluded, "lowered": figures.risk_lowered},
                economics_pillars=_("New models of community safety"),
            )
        )
    return initiatives
