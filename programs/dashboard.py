"""Dashboard panels of the programs app (a fixed number of queries each)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from csu import cache
from csu.collation import shown_name
from csu.dates import local_days
from csu.registry import Panel
from schools.models import SchoolYear

from .models import ClassSeries, PresentationRequest, Program, Session

PANEL_ROWS = 5


def panels(request, role) -> list[Panel]:
    user = request.user
    if role == "officer" and user.has_perm("programs.view_session"):
        return [_officer_panel(user)]
    if role == "coordinator" and user.has_perm("programs.view_presentationrequest"):
        return [_coordinator_requests_panel(), _sessions_per_program_panel()]
    if role == "supervisor" and user.has_perm("programs.view_session"):
        return [_sessions_per_program_panel()]
    return []


def _officer_panel(user) -> Panel:
    """The officer's sessions this month and their class series still short of sessions: kept for the day until a
    session or a series changes (csu.cache, topic "sessions")."""
    today = timezone.localdate()
    since, until = local_days(today.replace(day=1), today)

    def context() -> dict:
        this_month = Session.objects.active().filter(officers=user, starts_at__gte=since, starts_at__lt=until)
        incomplete = (
            ClassSeries.objects.incomplete()
            .filter(officer=user, school_year=SchoolYear.current())
            .select_related("program", "school")
            .order_by(shown_name("school__name"), "class_label")[:PANEL_ROWS]
        )
        return {"sessions_this_month": this_month.count(), "incomplete_series": list(incomplete)}

    return Panel(template="programs/panels/officer.html", context=context, order=30, topic="sessions")


def _coordinator_requests_panel() -> Panel:
    def context() -> dict:
        open_requests = PresentationRequest.objects.filter(status__in=PresentationRequest.OPEN_STATUSES)
        rows = list(
            open_requests.select_related("school", "program", "assigned_officer").order_by("received_on")[:PANEL_ROWS]
        )
        return {"open_count": open_requests.count(), "requests": rows}

    # Kept per day (the days each request has waited) until a request changes (csu.cache topic "requests").
    return Panel(template="programs/panels/requests.html", context=context, order=5, topic="requests")


def _sessions_per_program_panel() -> Panel:
    year = SchoolYear.current()
    start, end = SchoolYear.bounds(year)
    since, until = local_days(start, end)
    # Two queries: the year's sessions counted per program (an index range scan on starts_at), then the programs.
    # Kept until a session's program, date or status changes (csu.cache, topic "session_program_counts"): a year
    # of sessions is counted otherwise on every coordinator's and supervisor's dashboard view.
    counts = cache.memoized(
        "session_program_counts",
        ("per-program", since, until),
        lambda: dict(
            Session.objects.active()
            .filter(starts_at__gte=since, starts_at__lt=until)
            .order_by()
            .values_list("program_id")
            .annotate(n=Count("pk"))
        ),
    )
    programs = list(Program.objects.filter(Q(active=True) | Q(pk__in=list(counts))))
    for program in programs:
        program.session_count = counts.get(program.pk, 0)
    return Panel(
        template="programs/panels/per_program.html",
        context={"programs": programs, "year_label": SchoolYear.label(year)},
        order=31,
    )
