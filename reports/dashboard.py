"""Supervisor dashboard: this calendar year's key figures so far, and charts (calls, drills and sessions by month)."""

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from csu.registry import Panel

from . import figures
from .models import AnnualReport
from .svg import bar_chart


def _chart(key: str, title: str, caption: str, period: figures.Period, by_month: dict) -> dict:
    months = period.months()
    svg = bar_chart(
        key=f"dashboard-{key}",
        title=title,
        caption=caption,
        labels=[figures.month_short(m) for _y, m in months],
        values=[by_month.get(m, 0) for m in months],
        orientation="vertical",
        width=480,
    )
    return {"title": title, "svg": svg, "caption": caption}


def _year_activity(period: figures.Period) -> dict:
    """Drills, sessions, meetings and events of the year so far: four aggregated queries. The "lockdowns" figure
    counts the drills of the kinds this school year requires (a subquery)."""
    from committees.models import Meeting
    from drills.models import Drill
    from drills.selectors import required_kind_ids
    from events.models import Event
    from programs.models import Session
    from schools.models import SchoolYear

    start, end = period.datetime_bounds()
    tz = timezone.get_default_timezone()
    drills_by_month, lockdowns = {}, 0
    required_kinds = required_kind_ids(SchoolYear.current())
    done = Drill.objects.filter(status=Drill.Status.COMPLETED, occurs_on__gte=period.start, occurs_on__lte=period.end)
    for month, n, counting in (
        done.order_by()
        .annotate(m=TruncMonth("occurs_on"))
        .values_list("m")
        .annotate(n=Count("pk"), c=Count("pk", filter=Q(kind_id__in=required_kinds)))
    ):
        drills_by_month[(month.year, month.month)] = n
        lockdowns += counting
    sessions_by_month, audience = {}, 0
    sessions = Session.objects.filter(status=Session.Status.ACTIVE, starts_at__gte=start, starts_at__lt=end)
    for month, n, people in (
        sessions.order_by()
        .annotate(m=TruncMonth("starts_at", tzinfo=tz))
        .values_list("m")
        .annotate(n=Count("pk"), a=Sum("audience_count"))
    ):
        sessions_by_month[(month.year, month.month)] = n
        audience += people or 0
    meetings = Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end)
    events = Event.objects.filter(Q(starts_at__gte=start, starts_at__lt=end), ~Q(status=Event.Status.CANCELLED))
    return {
        "drills_by_month": drills_by_month,
        "drills": sum(drills_by_month.values()),
        "lockdowns": lockdowns,
        "sessions_by_month": sessions_by_month,
        "sessions": sum(sessions_by_month.values()),
        "audience": audience,
        "meetings": meetings.count(),
        "events": events.count(),
    }


# The year-to-date figures move slowly and take most of the supervisor dashboard's time (coverage over every
# school's assignments, four aggregates over a year of rows): each worker recomputes them every few minutes.
PANEL_CACHE_SECONDS = 300


def panels(request, role) -> list[Panel]:
    if role != "supervisor" or not request.user.has_perm("reports.view_annualreport"):
        return []
    today = timezone.localdate()
    key = f"reports:supervisor-panel:{today.isoformat()}:{translation.get_language()}"
    context = cache.get(key)
    if context is None:
        context = _year_context(today)
        cache.set(key, context, PANEL_CACHE_SECONDS)
    latest = (
        AnnualReport.objects.filter(status=AnnualReport.Status.READY).defer("figures").order_by("-finished_at").first()
    )
    return [Panel(template="reports/panels/supervisor.html", context={**context, "latest": latest}, order=90)]


def _year_context(today) -> dict:
    period = figures.Period.of(figures.CALENDAR, today.year)
    cover = figures.coverage(period)
    calls = figures.calls(period)
    year = _year_activity(period)
    caption = _("Bar chart: calls for service at schools each month of %(year)s so far; %(total)s in all.") % {
        "year": period.year,
        "total": calls.total,
    }
    charts = [
        _chart("calls", _("Calls for service by month"), caption, period, calls.by_month),
        _chart(
            "drills",
            _("Drills conducted by month"),
            _("Bar chart: drills conducted each month of %(year)s so far; %(total)s in all.")
            % {"year": period.year, "total": year["drills"]},
            period,
            year["drills_by_month"],
        ),
        _chart(
            "sessions",
            _("Program sessions by month"),
            _("Bar chart: program sessions delivered each month of %(year)s so far; %(total)s in all.")
            % {"year": period.year, "total": year["sessions"]},
            period,
            year["sessions_by_month"],
        ),
    ]
    return {
        "computed_at": timezone.now(),
        "year": period.year,
        "to": period.end,
        "figures": [
            (_("Schools"), cover.schools),
            (_("Officers assigned to schools"), cover.officers),
            (_("Schools per officer (average)"), cover.schools_per_officer),
            (_("Unassigned school-days"), cover.unassigned_days),
            (_("Calls for service at schools"), calls.total),
            (_("Drills conducted (all kinds)"), year["drills"]),
            (_("Lockdown drills conducted"), year["lockdowns"]),
            (_("Program sessions delivered"), year["sessions"]),
            (_("Audience reached"), year["audience"]),
            (_("Committee meetings held"), year["meetings"]),
            (_("Events"), year["events"]),
        ],
        "charts": charts,
        "caption": caption,
    }
