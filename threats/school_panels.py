"""The threat-assessment block on a school's page, for the roles that may see assessments."""

from csu.registry import Panel

from .selectors import recent_for_school


def panels(request, school) -> list[Panel]:
    """The school's latest assessments: kept until an assessment (or what a line shows) changes."""
    user = request.user
    if not user.has_perm("threats.view_threatassessment"):
        return []
    can_add = user.has_perm("threats.add_threatassessment") and school.active

    def context() -> dict:
        return {"school": school, "assessments": recent_for_school(school), "can_add": can_add}

    return [Panel("threats/panels/school.html", context, order=30, topic="threats", key=(school.pk, can_add))]
