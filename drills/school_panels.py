"""The drills block on a school's page (schools/ loops over `app_modules("school_panels")`)."""

from csu.access import readable
from csu.registry import Panel
from schools.models import SchoolYear

from .models import Drill
from .selectors import compliance_rows


def panels(request, school) -> list[Panel]:
    """Compliance of this school this year, its recent and upcoming drills, and quick links: kept until a drill
    (or what compliance reads) changes; on a miss, the compliance row comes from the kept snapshot and one query
    reads the drills."""
    user = request.user
    if not user.has_perm("drills.view_drill"):
        return []
    year = SchoolYear.current()
    can_add = user.has_perm("drills.add_drill") and school.active

    def context() -> dict:
        rows = compliance_rows(year=year, school_ids=[school.pk])
        drills = readable(Drill.objects.filter(school=school), user, school=school)
        drills = drills.select_related("kind", "lead_officer").order_by("-occurs_on", "-pk")[:10]
        return {
            "school": school,
            "year_label": SchoolYear.label(year),
            "row": rows[0] if rows else None,
            "drills": list(drills),
            "can_add": can_add,
        }

    return [Panel("drills/panels/school.html", context, order=20, topic="compliance", key=(school.pk, can_add))]
