"""Export in the record layout of Public Safety Canada's Index of Community Policing Initiatives (ICPI).

The export is generic over a list of `Initiative`s gathered from PROVIDERS, each a function
`() -> list[Initiative]`: the school liaison initiative (one officer assigned to every school) from the schools app,
and one initiative per active program of the catalogue (VIP/KIDS, Elmer, CBC, CAA Safety Patrol, presentations),
filled from the catalogue and its last 12 months' sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields

from django.conf import settings
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.models import Assignment, Board, CallForService


@dataclass
class Initiative:
    name: str
    description: str
    key_objectives: str = ""
    section_responsible: str = ""
    key_contact: str = ""
    partners: str = ""
    level_of_involvement: str = ""  # "Consultative" or "Cooperative"
    time_in_place: str = ""
    reason: str = ""
    resources_required: str = ""  # with cost
    method_of_implementation: str = ""
    key_outcomes: str = ""
    communication_strategy: str = ""
    forms_of_evaluation: str = ""
    summary_of_outcomes: str = ""
    economics_pillars: str = ""


# The ICPI field names, in the Index's order; province, city/region and record entry date come from settings/today.
COLUMNS = [
    gettext_lazy("Name of province/territory"),
    gettext_lazy("City/Region"),
    gettext_lazy("Name of Initiative"),
    gettext_lazy("Description of Initiative"),
    gettext_lazy("Initiative Key Objectives"),
    gettext_lazy("Section Responsible for Implementation"),
    gettext_lazy("Key Contact"),
    gettext_lazy("Groups/Agencies/Key Partners Involved"),
    gettext_lazy("Level of Involvement"),
    gettext_lazy("Amount of Time Initiative has been in Place"),
    gettext_lazy("Reason for Undertaking the Initiative"),
    gettext_lazy("Resources Required to Implement this Initiative"),
    gettext_lazy("Method of Implementation"),
    gettext_lazy("Key Outcomes"),
    gettext_lazy("Availability of a Communication Strategy"),
    gettext_lazy("Forms of Evaluation"),
    gettext_lazy("Summary of the Outcomes"),
    gettext_lazy("Economics of Policing Pillars"),
    gettext_lazy("Record Entry Date"),
]


def _years_since(day: dt.date | None, today: dt.date) -> str:
    if day is None:
        return ""
    years = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    if years < 1:
        return _("Less than a year (since %(date)s)") % {"date": day.isoformat()}
    return _("%(years)s years (since %(date)s)") % {"years": years, "date": day.isoformat()}


def school_liaison() -> list[Initiative]:
    from schools.selectors import schools_served_today

    served = schools_served_today()
    schools = served.count()
    if not schools:
        return []
    today = timezone.localdate()
    covered = Assignment.objects.current().filter(school__in=served).values("school").distinct().count()
    officers = Assignment.objects.current().values("officer").distinct().count()
    since = Assignment.objects.aggregate(first=Min("start"))["first"]
    year_ago = timezone.now() - dt.timedelta(days=365)
    calls = CallForService.objects.filter(status=CallForService.Status.ACTIVE, occurred_at__gte=year_ago).count()
    boards = ", ".join(Board.objects.order_by("code").values_list("name_en", flat=True))
    return [
        Initiative(
            name=_("School liaison: a Community Services Officer for every school"),
            description=_(
                "Each school in the region has one of the unit's Community Services Officers assigned to it; the "
                "officer responds to calls for service at the school, leads lockdown drills and delivers programs."
            ),
            key_objectives=_("Safe schools; a known, trusted officer for every school; timely response to calls."),
            section_responsible=_("Community Services Unit"),
            key_contact=_("Community Services Unit supervisor"),
            partners=boards,
            level_of_involvement=_("Cooperative"),
            time_in_place=_years_since(since, today),
            reason=_("Provincial police/school board protocol; community safety and well-being plan."),
            resources_required=_("%(officers)s officers assigned to schools (staff time)") % {"officers": officers},
            method_of_implementation=_("Assignment of every school to one officer, reviewed each school year."),
            key_outcomes=_("%(covered)s of %(schools)s active schools have an assigned officer.")
            % {"covered": covered, "schools": schools},
            communication_strategy=_("Yes: annual overview report"),
            forms_of_evaluation=_("Annual overview figures: coverage, calls for service, drills, programs."),
            summary_of_outcomes=_("%(calls)s calls for service at schools in the last 12 months.") % {"calls": calls},
            economics_pillars=_("New models of community safety"),
        )
    ]


PROGRAM_OBJECTIVES = {
    "school_program": gettext_lazy("Give students the knowledge and skills to make safe, healthy choices."),
    "presentation": gettext_lazy("Answer schools' and community groups' requests for safety information."),
    "safety_patrol": gettext_lazy("Safe routes to school; leadership for student patrollers."),
    "community": gettext_lazy("Build trust and partnerships with the community."),
}


def program_catalogue() -> list[Initiative]:
    """One initiative per active program of the catalogue, with its last 12 months' sessions, audience and schools.
    Three queries whatever the number of programs."""
    from django.db.models import Count, Q, Sum

    from programs.models import Program, Session

    today = timezone.localdate()
    year_ago = timezone.now() - dt.timedelta(days=365)
    programs = list(Program.objects.filter(active=True).with_current_revision().order_by("name_en", "pk"))
    if not programs:
        return []
    recent = Session.objects.filter(status=Session.Status.ACTIVE, starts_at__gte=year_ago, program__in=programs)
    figures = {
        row["program"]: row
        for row in recent.order_by()
        .values("program")
        .annotate(
            sessions=Count("pk"),
            audience=Sum("audience_count"),
            schools=Count("school", distinct=True),
            community=Count("pk", filter=Q(school__isnull=True)),
        )
    }
    boards: dict[int, list[str]] = {}
    for program_id, board in (
        recent.filter(school__isnull=False)
        .order_by("program", "school__board__name_en")
        .values_list("program", "school__board__name_en")
        .distinct()
    ):
        boards.setdefault(program_id, []).append(board)
    initiatives = []
    for program in programs:
        row = figures.get(program.pk, {})
        sessions, audience = row.get("sessions", 0), row.get("audience") or 0
        revision = (
            _("Current revision: %(date)s.") % {"date": program.current_revised_on.isoformat()}
            if program.current_revised_on
            else ""
        )
        initiatives.append(
            Initiative(
                name=program.name,
                description=" ".join(filter(None, [program.description, revision])),
                key_objectives=str(PROGRAM_OBJECTIVES.get(program.kind, "")),
                section_responsible=_("Community Services Unit"),
                key_contact=_("Community Services Unit supervisor"),
                partners=", ".join(boards.get(program.pk, [])),
                level_of_involvement=_("Cooperative"),
                time_in_place=_years_since(program.available_from, today),
                reason=_("Unit pillar: %(pillar)s; CSWB area: %(area)s.")
                % {"pillar": program.get_pillar_display(), "area": program.get_cswb_area_display()},
                resources_required=_("Officer time: about %(minutes)s minutes per session, %(sessions)s per class.")
                % {"minutes": program.typical_minutes, "sessions": program.expected_sessions_label},
                method_of_implementation=_("Delivered by Community Services Officers (%(kind)s), grades %(grades)s.")
                % {"kind": program.get_kind_display(), "grades": program.target_grades or "—"},
                key_outcomes=_(
                    "%(sessions)s sessions reaching %(audience)s people at %(schools)s schools in the last 12 months."
                )
                % {"sessions": sessions, "audience": audience, "schools": row.get("schools", 0)},
                communication_strategy=_("Yes: annual overview report"),
                forms_of_evaluation=_("Annual overview figures: sessions, audience reached, class series completed."),
                summary_of_outcomes=_("%(sessions)s sessions, %(audience)s people reached in the last 12 months.")
                % {"sessions": sessions, "audience": audience},
                economics_pillars=_("New models of community safety"),
            )
        )
    return initiatives


PROVIDERS: list[Callable[[], list[Initiative]]] = [school_liaison, program_catalogue]


def icpi_rows() -> list[list[str]]:
    province = getattr(settings, "REPORTS_ICPI_PROVINCE", "Ontario")
    region = getattr(settings, "REPORTS_ICPI_REGION", "")
    today = timezone.localdate().isoformat()
    rows = []
    for provider in PROVIDERS:
        for initiative in provider():
            values = [getattr(initiative, f.name) for f in fields(initiative)]
            rows.append([province, region, *values, today])
    return rows
