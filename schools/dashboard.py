"""Dashboard panels: an officer's own schools; the supervisor's coverage summary."""

from django.http import HttpRequest

from accounts.models import Role
from csu.collation import shown_name
from csu.registry import Panel

from .models import School

MY_SCHOOLS_LIMIT = 30


def panels(request: HttpRequest, role: str) -> list[Panel]:
    if role == Role.OFFICER:

        def context() -> dict:
            schools = list(
                School.objects.active()
                .assigned_to(request.user)
                .select_related("board")
                .order_by(shown_name(), "pk")[: MY_SCHOOLS_LIMIT + 1]
            )
            return {"schools": schools[:MY_SCHOOLS_LIMIT], "more": len(schools) > MY_SCHOOLS_LIMIT}

        # Kept until a school, board or assignment changes (csu.cache topic "coverage").
        return [Panel("schools/panel_my_schools.html", context, order=10, topic="coverage")]
    if role == Role.SUPERVISOR:
        from .views import coverage_counts

        # Its markup is kept until a school, assignment or officer changes (csu.cache topic "coverage").
        return [Panel("schools/panel_coverage.html", coverage_counts, order=10, topic="coverage")]
    return []
