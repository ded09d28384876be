"""Drill panels on the role dashboards: a fixed number of queries whatever the number of schools."""

from accounts.models import Role
from csu.registry import Panel
from schools.models import Assignment, SchoolYear

from .selectors import compliance_by_officer, compliance_counts, compliance_rows, open_followups, upcoming_drills


def panels(request, role) -> list[Panel]:
    user = request.user
    year = SchoolYear.current()
    if role == Role.OFFICER and user.has_perm("drills.view_drill"):

        def officer_panel() -> dict:
            school_ids = list(Assignment.objects.current().filter(officer=user).values_list("school_id", flat=True))
            rows = compliance_rows(year=year, school_ids=school_ids, kept=False)  # the markup is what is kept
            return {
                "year_label": SchoolYear.label(year),
                "rows": rows,
                "status_counts": compliance_counts(rows),
                "upcoming": upcoming_drills(user=user, school_ids=school_ids),
                "followups": open_followups(user=user, school_ids=school_ids),
                "can_add": user.has_perm("drills.add_drill"),
            }

        # Its markup is kept until one of the officer's drills or follow-ups changes (the scoped topic), or a
        # school, assignment, kind, rule or user (the topic; csu.cache).
        return [
            Panel(
                "drills/panels/officer.html",
                officer_panel,
                order=20,
                topic="drill_setup",
                scoped=("officer_drills", user.pk),
            )
        ]
    if role in (Role.SUPERVISOR, Role.COORDINATOR) and user.has_perm("drills.view_compliance"):

        def service_panel() -> dict:
            rows = compliance_rows(year=year)
            officer_counts = compliance_by_officer(rows)
            labels = [c["label"] for c in compliance_counts([])]
            return {
                "year_label": SchoolYear.label(year),
                "status_counts": compliance_counts(rows),
                "officer_counts": officer_counts,
                "officer_bars": [_bars(entry, labels) for entry in officer_counts],
                "status_labels": labels,
            }

        return [
            Panel(
                "drills/panels/supervisor.html",
                service_panel,
                # The supervisor's first question; the coordinator's own work (requests, meetings) comes first.
                order=20 if role == Role.SUPERVISOR else 80,
                topic="compliance",  # its markup is kept until a drill, school, assignment, rule... changes
            )
        ]
    return []


def _bars(entry: dict, labels: list) -> dict:
    """An officer's schools per status as consecutive segments of a 0–100 bar (numbers for the template's SVG)."""
    total = entry["total"] or 1
    bars, x = [], 0.0
    for index, count in enumerate(entry["counts"]):
        if count:
            width = round(100 * count / total, 2)
            bars.append({"index": index, "x": round(x, 2), "width": width})
            x += width
    summary = ", ".join(f"{label}: {count}" for label, count in zip(labels, entry["counts"], strict=True))
    return {"name": entry["officer_name"], "bars": bars, "summary": summary}
