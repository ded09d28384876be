"""School programs: sessions, audience, class series, presentation requests."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .base import (
    Period,
    Section,
    _bars,
    _compare_table,
    _month_chart,
    _month_counts,
    _month_table,
    _officer_table,
    key_figures_table,
    key_row,
    num,
)


@dataclass
class Programs:
    sessions: int = 0
    audience: int = 0
    sessions_by_program: dict = field(default_factory=dict)
    audience_by_program: dict = field(default_factory=dict)
    series_by_program: dict = field(default_factory=dict)  # class series completed in the period
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)  # sessions each officer delivered (alone or with others)
    series_completed: int = 0
    requests_received: int = 0
    requests_delivered: int = 0
    requests_declined: int = 0
    median_days: float = 0.0


def _series_sessions_before(moment: dt.datetime):
    from programs.models import Session

    count = (
        Session.objects.filter(series=OuterRef("pk"), status=Session.Status.ACTIVE, starts_at__lt=moment)
        .order_by()
        .values("series")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count), Value(0))


def programs(period: Period) -> Programs:
    """Active (not voided) sessions per program, month and officer; class series completed in the period (the
    session that reached the program's minimum number of sessions falls in it); presentation requests. Six
    queries whatever the number of sessions."""
    from programs.models import ClassSeries, PresentationRequest, Session

    result = Programs()
    if period.in_future:
        return result
    start, end = period.datetime_bounds()
    sessions = Session.objects.filter(status=Session.Status.ACTIVE, starts_at__gte=start, starts_at__lt=end).order_by()
    for program_id, n, audience in sessions.values_list("program").annotate(n=Count("pk"), a=Sum("audience_count")):
        result.sessions_by_program[program_id] = n
        result.audience_by_program[program_id] = audience or 0
    result.sessions = sum(result.sessions_by_program.values())
    result.audience = sum(result.audience_by_program.values())
    result.by_month = _month_counts(sessions, "starts_at")
    through = Session.officers.through.objects.filter(
        session__status=Session.Status.ACTIVE, session__starts_at__gte=start, session__starts_at__lt=end
    )
    result.by_officer = dict(through.order_by().values_list("user").annotate(n=Count("session", distinct=True)))
    completed = (
        ClassSeries.objects.filter(pk__in=sessions.filter(series__isnull=False).values("series"))
        .annotate(upto_end=_series_sessions_before(end), before_start=_series_sessions_before(start))
        .filter(upto_end__gte=F("program__sessions_min"), before_start__lt=F("program__sessions_min"))
        .order_by()
        .values_list("program", flat=True)
    )
    for program_id in completed:
        result.series_by_program[program_id] = result.series_by_program.get(program_id, 0) + 1
    result.series_completed = sum(result.series_by_program.values())
    Status = PresentationRequest.Status
    received = Q(received_on__gte=period.start, received_on__lte=period.end)
    counts = PresentationRequest.objects.aggregate(
        received=Count("pk", filter=received), declined=Count("pk", filter=received & Q(status=Status.DECLINED))
    )
    result.requests_received, result.requests_declined = counts["received"], counts["declined"]
    delivered = PresentationRequest.objects.filter(
        status=Status.DELIVERED, session__starts_at__gte=start, session__starts_at__lt=end
    ).values_list("received_on", "session__starts_at")
    days = [(timezone.localdate(when) - received_on).days for received_on, when in delivered]
    result.requests_delivered = len(days)
    result.median_days = round(float(statistics.median(days)), 1) if days else 0.0
    return result


def school_programs(period: Period) -> Section:
    from programs.models import Program

    now, before = programs(period), programs(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Program sessions delivered"), now.sessions, before.sessions),
            key_row(_("Audience reached"), now.audience, before.audience),
            key_row(_("Class series completed"), now.series_completed, before.series_completed),
            key_row(_("Presentation requests received"), now.requests_received, before.requests_received),
            key_row(_("Presentation requests delivered"), now.requests_delivered, before.requests_delivered),
            key_row(_("Presentation requests declined"), now.requests_declined, before.requests_declined),
            key_row(_("Median days from request to delivery"), now.median_days, before.median_days),
        ],
        keys=[
            "sessions.delivered",
            "sessions.audience",
            "sessions.series_completed",
            "requests.received",
            "requests.delivered",
            "requests.declined",
            "requests.median_days_to_delivery",
        ],
    )
    used = {*now.sessions_by_program, *before.sessions_by_program, *now.series_by_program, *before.series_by_program}
    catalogue = [
        (p.pk, p.name)
        for p in Program.objects.only("pk", "code", "name_en", "name_fr", "active").order_by("name_en", "pk")
        if p.active or p.pk in used
    ]
    by_program = _compare_table(
        "sessions_by_program",
        _("Sessions by program"),
        _("Program"),
        catalogue,
        now.sessions_by_program,
        before.sessions_by_program,
    )
    audience = _compare_table(
        "audience_by_program",
        _("Audience reached by program"),
        _("Program"),
        catalogue,
        now.audience_by_program,
        before.audience_by_program,
    )
    series = _compare_table(
        "series_by_program",
        _("Class series completed by program"),
        _("Program"),
        catalogue,
        now.series_by_program,
        before.series_by_program,
    )
    by_month = _month_table(period, "by_month", _("Sessions by month"), _("Sessions"), now.by_month, before.by_month)
    by_officer = _officer_table("by_officer", _("Sessions by officer"), now.by_officer, before.by_officer)
    program_chart = _bars(
        "sessions_by_program",
        _("Sessions per program"),
        _("Bar chart: program sessions delivered in the period, by program; %(total)s in all.")
        % {"total": num(now.sessions)},
        [(row[0], row[1]) for row in by_program.rows],
    )
    audience_chart = _bars(
        "audience_by_program",
        _("Audience reached per program"),
        _("Bar chart: people reached by program sessions, by program; %(total)s in all.")
        % {"total": num(now.audience)},
        [(row[0], row[1]) for row in audience.rows],
    )
    month_chart = _month_chart(
        period,
        "sessions_by_month",
        _("Sessions by month"),
        _("Bar chart: program sessions delivered, month by month; %(total)s in all.") % {"total": num(now.sessions)},
        by_month,
    )
    return Section(
        key="school_programs",
        title=_("School programs"),
        tables=[key, by_program, audience, series, by_month, by_officer],
        charts=[program_chart, audience_chart, month_chart],
        note=_(
            "Voided sessions are not counted; a session given by two officers counts once in the totals and once for "
            "each officer. A class series is completed in the period when the session that reached the program's "
            "minimum number of sessions falls in it. Requests received and declined are those received in the "
            "period; requests delivered are those whose session took place in the period, and their median days "
            "from request to delivery (0 when none was delivered)."
        ),
    )
