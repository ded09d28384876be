"""The figures of the annual overview, as a registry of sections (one module per section over `base`).

Each section is a function `(period: Period) -> Section` that reads the database and returns plain numbers and
strings (JSON-serialisable through `Section.as_dict`). The build stores the sections as a snapshot on the report,
so that the web page, the PDF, the XLSX and the CSV all show the same numbers.

Every section starts with a "Key figures" table whose rows are [label, value, previous period, change]. The
previous period is the one a year earlier; when the period is still running ("to date"), the previous period is
cut at the same day so that the comparison is like for like.

Sections (in SECTIONS order): `schools_coverage`, `calls_for_service`, `lockdown_drills` (drills: conducted by kind,
compliance of the report's school year through drills.selectors, follow-up actions), `school_programs` (sessions and
audience per program, class series completed, presentation requests), `safety_patrol` (CAA School Safety Patrol of
the report's school year), `committees_section` (committees represented, meetings, action items), `awareness_weeks`
(events per awareness week, attendance, by type), `placements_section` (student placements and hours) and
`activity_by_pillar` (sessions and committee meetings by unit pillar and CSWB area). Each reads its data with a
fixed number of aggregated queries, whatever the number of rows; where it makes sense a section has a table by
officer and a table by month (with the previous period's column).
"""

from __future__ import annotations

from collections.abc import Callable

from .base import (
    CALENDAR,
    CHART_MAX_BARS,
    SCHOOL,
    Chart,
    Figure,
    Period,
    Section,
    Table,
    change,
    key_columns,
    key_figures_table,
    key_row,
    month_label,
    month_short,
    report_school_year,
)
from .section_activity import Activity, activity, activity_by_pillar
from .section_calls import Calls, calls, calls_for_service
from .section_committees import Committees, committees, committees_section
from .section_drills import Drills, drills, lockdown_drills
from .section_events import Events, awareness_weeks, events
from .section_patrol import PATROL_FIELDS, patrol, safety_patrol
from .section_placements import Placements, placements, placements_section
from .section_programs import Programs, programs, school_programs
from .section_schools import Coverage, coverage, schools_coverage

__all__ = [
    "CALENDAR",
    "CHART_MAX_BARS",
    "PATROL_FIELDS",
    "SCHOOL",
    "SECTIONS",
    "Activity",
    "Calls",
    "Chart",
    "Committees",
    "Coverage",
    "Drills",
    "Events",
    "Figure",
    "Period",
    "Placements",
    "Programs",
    "Section",
    "Table",
    "activity",
    "activity_by_pillar",
    "awareness_weeks",
    "calls",
    "calls_for_service",
    "change",
    "committees",
    "committees_section",
    "coverage",
    "drills",
    "events",
    "key_columns",
    "key_figures_table",
    "key_row",
    "lockdown_drills",
    "month_label",
    "month_short",
    "patrol",
    "placements",
    "placements_section",
    "programs",
    "report_school_year",
    "safety_patrol",
    "school_programs",
    "schools_coverage",
    "snapshot_is_empty",
]

SECTIONS: list[Callable[[Period], Section]] = [
    schools_coverage,
    calls_for_service,
    lockdown_drills,
    school_programs,
    safety_patrol,
    committees_section,
    awareness_weeks,
    placements_section,
    activity_by_pillar,
]


def snapshot_is_empty(sections: list[dict]) -> bool:
    """True when every "This period" number of every key-figures table is zero."""
    for section in sections:
        for table in section["tables"]:
            if table["key"] == "key_figures" and any(row[1] for row in table["rows"]):
                return False
    return True
