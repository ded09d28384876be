"""The export in the layout of Ontario's Risk-driven Tracking Database (RTD), one row per discussion.

The official RTD import layout is not published; these columns follow the RTD's data elements as the Ontario
open-data description of the RTD names them (discussion dates, originating / lead / assisting agencies, threshold
met or "rejected", risk factors, protective factors, services mobilized, conclusion, age group, gender) and the
four filters. For a discussion that did not meet the threshold, the columns the RTD redacts read "N/A".
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NA = "N/A"


def _date(value):
    return value.isoformat() if value else ""


def _datetime(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _redacted(situation, value: str) -> str:
    return NA if situation.threshold_met is False else value


def _factors(items) -> str:
    return "; ".join(f"{f.category}: {f.label}" for f in items)


def _threshold(situation) -> str:
    if situation.threshold_met is None:
        return ""
    return "Y" if situation.threshold_met else "N"


COLUMNS = [
    (_("Discussion ID"), lambda s: s.reference),
    (_("Situation table"), lambda s: s.table.name),
    (_("Date brought (filter 1)"), lambda s: _date(s.brought_on)),
    (_("Originating agency"), lambda s: s.originating_agency.name),
    (
        _("Discussion date (filter 2)"),
        lambda s: _date(s.presented_at and timezone.localtime(s.presented_at.starts_at).date()),
    ),
    (_("Discussion type"), lambda s: s.get_kind_display()),
    (_("Age group"), lambda s: s.get_age_group_display()),
    (_("Gender"), lambda s: s.get_gender_display()),
    (_("Acutely elevated risk (threshold met)"), _threshold),
    (_("Reason threshold not met"), lambda s: s.get_not_met_reason_display()),
    (_("Lead agency (filter 3)"), lambda s: _redacted(s, s.lead_agency.name if s.lead_agency_id else "")),
    (_("Assisting agencies"), lambda s: _redacted(s, "; ".join(p.name for p in s.assisting_agencies.all()))),
    (_("Risk factors"), lambda s: _redacted(s, _factors(s.risk_factors.all()))),
    (_("Protective factors"), lambda s: _redacted(s, _factors(s.protective_factors.all()))),
    (_("Services mobilized"), lambda s: _redacted(s, "; ".join(s.services_mobilized_labels()))),
    (_("First response (filter 4)"), lambda s: _redacted(s, _datetime(s.first_response_at))),
    (_("Hours to first response"), lambda s: _redacted(s, "" if s.hours_to_response is None else s.hours_to_response)),
    (_("Within target"), lambda s: _redacted(s, "" if s.within_target is None else ("Y" if s.within_target else "N"))),
    (_("Reviews"), lambda s: _redacted(s, s.review_count)),
    (_("Date concluded"), lambda s: _redacted(s, _date(s.concluded_on))),
    (_("Conclusion"), lambda s: _redacted(s, s.get_conclusion_display())),
]


def target_hours() -> int:
    return settings.SITUATIONS_RESPONSE_TARGET_HOURS
