"""The threat-assessment block on a school's page, for the roles that may see assessments."""

from csu.registry import Panel

from .selectors import recent_for_school


def panels(request, school) -> list[Panel]:
    user = request.user
    if not user.has_perm("threats.view_threatassessment"):
        return []
    return [
        Panel(
            "threats/panels/school.html",
            {
                "school": school,
                "assessments": recent_for_school(school),
                "can_add": user.has_perm("threats.add_threatassessment") and school.active,
            },
            order=30,
        )
    ]
