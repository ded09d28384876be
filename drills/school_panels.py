"""The drills block on a school's page (schools/ loops over `app_modules("school_panels")`)."""

from csu.access import readable
from csu.registry import Panel
from schools.models import SchoolYear

from .models import Drill
from .selectors import compliance_rows


def panels(request, school) -> list[Panel]:
    """Compliance of this school this year, its recent and upcoming drills, and quick links. 6 queries."""
    if not request.user.has_perm("drills.view_drill"):
        return []
    year = SchoolYear.current()
    rows = compliance_rows(year=year, school_ids=[school.pk])
    drills = readable(Drill.objects.filter(school=school), request.user)
    drills = list(drills.select_related("kind", "lead_officer").order_by("-occurs_on", "-pk")[:10])
    return [
        Panel(
            "drills/panels/school.html",
            {
                "school": school,
                "year_label": SchoolYear.label(year),
                "row": rows[0] if rows else None,
                "drills": drills,
                "can_add": request.user.has_perm("drills.add_drill") and school.active,
            },
            order=20,
        )
    ]
