"""Drill panels on the role dashboards: a fixed number of queries whatever the number of schools."""

from django.utils import timezone

from accounts.models import Role
from csu import cache
from csu.registry import Panel
from schools.models import Assignment, SchoolYear

from .selectors import compliance_by_officer, compliance_counts, compliance_rows, open_followups, upcoming_drills


def panels(request, role) -> list[Panel]:
    user = request.user
    year = SchoolYear.current()
    if role == Role.OFFICER and user.has_perm("drills.view_drill"):
        school_ids = list(Assignment.objects.current().filter(officer=user).values_list("school_id", flat=True))
        rows = compliance_rows(year=year, school_ids=school_ids)
        return [
            Panel(
                "drills/panels/officer.html",
                {
                    "year_label": SchoolYear.label(year),
                    "rows": rows,
                    "status_counts": compliance_counts(rows),
                    # Kept with the compliance rows (csu.cache): drills, schools, kinds, users, follow-ups.
                    "upcoming": cache.memoized(
                        "compliance",
                        ("upcoming", user.pk, tuple(school_ids), timezone.localdate()),
                        lambda: upcoming_drills(user=user, school_ids=school_ids),
                    ),
                    "followups": cache.memoized(
                        "compliance",
                        ("followups", user.pk, tuple(school_ids)),
                        lambda: open_followups(user=user, school_ids=school_ids),
                    ),
                    "can_add": user.has_perm("drills.add_drill"),
                },
                order=20,
            )
        ]
    if role in (Role.SUPERVISOR, Role.COORDINATOR) and user.has_perm("drills.view_compliance"):
        rows = compliance_rows(year=year)
        return [
            Panel(
                "drills/panels/supervisor.html",
                {
                    "year_label": SchoolYear.label(year),
                    "status_counts": compliance_counts(rows),
                    "officer_counts": compliance_by_officer(rows),
                    "status_labels": [c["label"] for c in compliance_counts([])],
                },
                order=20,
            )
        ]
    return []
