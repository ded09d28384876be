"""The annual report's community engagement section and the ICPI initiative, both from what was true then."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.figures import Figure, Period, Section, key_figures_table, key_row

from .blockwatch import Activity, Group
from .feedback import summary
from .models import Bulletin, Subscriber


def _subscribed_at_end(period: Period) -> int:
    _start, end = period.datetime_bounds()
    return (
        Subscriber.objects.filter(confirmed_at__lt=end)
        .filter(Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=end))
        .count()
    )


def _groups_active(period: Period) -> list:
    """Groups running at some point of the period (started by its end, not ended before its start)."""
    return list(
        Group.objects.exclude(status=Group.Status.FORMING)
        .filter(started_on__lte=period.end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .only("households")
    )


def _figures(period: Period) -> dict:
    from events.models import Event

    start, end = period.datetime_bounds()
    events = Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
    answers = summary(events)
    groups = _groups_active(period)
    return {
        "groups": len(groups),
        "households": sum(g.households for g in groups),
        "assessments": Activity.objects.filter(
            kind__in=[Activity.Kind.HOME_ASSESSMENT, Activity.Kind.AREA_ASSESSMENT],
            on__gte=period.start,
            on__lte=period.end,
        ).count(),
        "subscribers": _subscribed_at_end(period),
        "bulletins": Bulletin.objects.filter(sent_at__gte=start, sent_at__lt=end).count(),
        "responses": answers.responses,
        # Like every average and share of the report (median days, compliance %), none answered is 0.0, not blank:
        # the row beside it says there were no answers.
        "useful": answers.useful if answers.responses else 0.0,
        "recommend": answers.recommend_percent if answers.responses else 0.0,
    }


def engagement_section(period: Period) -> Section:
    now, before = _figures(period), _figures(period.previous())
    labels = {
        "groups": ("blockwatch.groups_active", _("Block Watch groups active")),
        "households": ("blockwatch.households", _("Households in active Block Watch groups")),
        "assessments": ("blockwatch.assessments", _("Security assessments (home or area)")),
        "subscribers": ("mailinglist.subscribers", _("Mailing-list subscribers at the end of the period")),
        "bulletins": ("mailinglist.bulletins_sent", _("Bulletins sent")),
        "responses": ("feedback.responses", _("Event feedback answers")),
        "useful": ("feedback.useful_average", _("Events judged useful (average out of 5)")),
        "recommend": ("feedback.recommend_percent", _("Would recommend the event (%)")),
    }
    rows, figures = [], []
    for name, (key, label) in labels.items():
        rows.append(key_row(label, now[name], before[name]))
        figures.append(Figure(key=key, label=label, this_period=now[name], previous_period=before[name]))
    return Section(
        key="community_engagement",
        title=_("Community engagement"),
        tables=[key_figures_table(rows=rows)],
        figures=figures,
    )


def blockwatch_initiatives():
    from reports.icpi import Initiative

    today = timezone.localdate()
    found = []
    for group in (
        Group.objects.exclude(status=Group.Status.FORMING).filter(ended_on__isnull=True).prefetch_related("activities")
    ):
        kinds = [a.kind for a in group.activities.all()]
        years = max(0, (today - group.started_on).days // 365)
        found.append(
            Initiative(
                name=_("Block Watch: %(name)s") % {"name": group.name},
                description=_("Residents watching out for their neighbourhood, trained and supported by the police."),
                partners=_("%(n)s households") % {"n": group.households},
                level_of_involvement=_("Cooperative"),
                time_in_place=_("%(n)s year(s)") % {"n": years},
                method_of_implementation=_("%(t)s training sessions, %(a)s security assessments, %(al)s alerts.")
                % {
                    "t": kinds.count(Activity.Kind.TRAINING),
                    "a": kinds.count(Activity.Kind.HOME_ASSESSMENT) + kinds.count(Activity.Kind.AREA_ASSESSMENT),
                    "al": kinds.count(Activity.Kind.ALERT),
                },
            )
        )
    return found


def engagement_initiative():
    from events.models import Event
    from reports.icpi import Initiative

    since = timezone.now() - dt.timedelta(days=365)
    answers = summary(Event.objects.filter(starts_at__gte=since))
    outcome = (
        _("%(n)s feedback answers in 12 months: useful %(useful)s/5, clear %(clear)s/5, %(rec)s %% would recommend.")
        % {"n": answers.responses, "useful": answers.useful, "clear": answers.clear, "rec": answers.recommend_percent}
        if answers.responses
        else _("No feedback answers in the last 12 months.")
    )
    return [
        Initiative(
            name=_("Community events and mailing list"),
            description=_("Awareness-week events, public forums and a consented community mailing list."),
            level_of_involvement=_("Cooperative"),
            communication_strategy=_("Yes: bilingual bulletins to subscribers who gave express consent (CASL)."),
            forms_of_evaluation=_("Anonymous three-question feedback form at each event (link or QR code)."),
            summary_of_outcomes=outcome,
        )
    ]
