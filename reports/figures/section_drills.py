"""Lockdown drills: conducted by kind, compliance of the report's school year, follow-ups."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from schools.models import SchoolYear

from .base import (
    Figure,
    Period,
    Section,
    Table,
    _bars,
    _compare_table,
    _month_chart,
    _month_counts,
    _month_table,
    _officer_table,
    _percent,
    key_figures_table,
    key_row,
    num,
    report_school_year,
)


@dataclass
class Drills:
    total: int = 0
    lockdowns: int = 0
    by_kind: dict = field(default_factory=dict)  # kind id -> drills conducted
    by_month: dict = field(default_factory=dict)
    by_officer: dict = field(default_factory=dict)  # lead officer id -> drills conducted
    followups_raised: int = 0
    followups_closed: int = 0
    followups_open: int = 0
    school_year: int = 0
    schools: int = 0
    compliant: int = 0
    compliance_by_officer: list = field(default_factory=list)  # drills.selectors.compliance_by_officer

    @property
    def compliant_percent(self) -> float:
        return _percent(self.compliant, self.schools)

    @property
    def not_compliant(self) -> int:
        return self.schools - self.compliant


def drills(period: Period, *, with_compliance: bool = True) -> Drills:
    """Completed drills by kind, month and lead officer; follow-up actions; compliance of the report's school year
    (drills.selectors: the drills app's own rule). About ten queries whatever the number of drills and schools."""
    from drills.models import Drill, FollowUpAction
    from drills.selectors import Status, compliance_by_officer, compliance_rows, effective_requirements

    result = Drills(school_year=report_school_year(period))
    if period.in_future:
        return result
    done = Drill.objects.filter(
        status=Drill.Status.COMPLETED, occurs_on__gte=period.start, occurs_on__lte=period.end
    ).order_by()
    result.by_kind = dict(done.values_list("kind").annotate(n=Count("pk")))
    counting = set(effective_requirements(result.school_year))  # the kinds the report's school year requires
    result.total = sum(result.by_kind.values())
    result.lockdowns = sum(n for kind_id, n in result.by_kind.items() if kind_id in counting)
    result.by_month = _month_counts(done, "occurs_on", is_datetime=False)
    result.by_officer = dict(done.values_list("lead_officer").annotate(n=Count("pk")))
    in_period = Q(drill__occurs_on__gte=period.start, drill__occurs_on__lte=period.end)
    followups = FollowUpAction.objects.aggregate(
        raised=Count("pk", filter=in_period),
        closed=Count("pk", filter=Q(resolved_on__gte=period.start, resolved_on__lte=period.end)),
        still_open=Count(
            "pk",
            filter=Q(drill__occurs_on__lte=period.end) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=period.end)),
        ),
    )
    result.followups_raised = followups["raised"]
    result.followups_closed = followups["closed"]
    result.followups_open = followups["still_open"]
    if with_compliance:
        rows = compliance_rows(year=result.school_year, today=period.end, completed_until=period.end)
        result.schools = len(rows)
        result.compliant = sum(1 for row in rows if row.status == Status.COMPLIANT)
        result.compliance_by_officer = compliance_by_officer(rows)
    return result


def _compliance_by_officer_rows(entries: list[dict]) -> list[list]:
    from drills.selectors import Status

    compliant_index = Status.ORDER.index(Status.COMPLIANT)
    rows = []
    for entry in entries:
        compliant = entry["counts"][compliant_index]
        rows.append(
            [
                entry["officer_name"] or _("No officer assigned"),
                entry["total"],
                compliant,
                entry["total"] - compliant,
                _percent(compliant, entry["total"]),
            ]
        )
    return rows


def lockdown_drills(period: Period) -> Section:
    from drills.models import DrillKind

    now, before = drills(period), drills(period.previous())
    key = key_figures_table(
        rows=[
            key_row(_("Drills conducted (all kinds)"), now.total, before.total),
            key_row(_("Lockdown drills conducted"), now.lockdowns, before.lockdowns),
            key_row(_("Drills of other kinds conducted"), now.total - now.lockdowns, before.total - before.lockdowns),
            key_row(_("Schools compliant with the yearly requirement"), now.compliant, before.compliant),
            key_row(_("Schools compliant (%)"), now.compliant_percent, before.compliant_percent),
            key_row(_("Schools not compliant"), now.not_compliant, before.not_compliant),
            key_row(_("Follow-up actions raised"), now.followups_raised, before.followups_raised),
            key_row(_("Follow-up actions closed"), now.followups_closed, before.followups_closed),
            key_row(_("Follow-up actions open at the end of the period"), now.followups_open, before.followups_open),
        ],
        keys=[
            "drills.conducted",
            "drills.lockdowns",
            "drills.other_kinds",
            "drills.schools_compliant",
            "drills.schools_compliant_percent",
            "drills.schools_not_compliant",
            "drills.followups_raised",
            "drills.followups_closed",
            "drills.followups_open_at_end",
        ],
    )
    kinds = [
        (k.pk, k.name) for k in DrillKind.objects.all() if k.active or k.pk in now.by_kind or k.pk in before.by_kind
    ]
    by_kind = _compare_table("by_kind", _("Drills conducted by kind"), _("Kind"), kinds, now.by_kind, before.by_kind)
    by_month = _month_table(
        period, "by_month", _("Drills conducted by month"), _("Drills"), now.by_month, before.by_month
    )
    by_officer = _officer_table("by_officer", _("Drills led by officer"), now.by_officer, before.by_officer)
    compliance = Table(
        key="compliance_by_officer",
        title=_("Compliance by officer, school year %(year)s") % {"year": SchoolYear.label(now.school_year)},
        columns=[_("Officer"), _("Schools"), _("Compliant"), _("Not compliant"), _("Compliant (%)")],
        rows=_compliance_by_officer_rows(now.compliance_by_officer),
    )
    previous_compliant = {row[0]: row[2] for row in _compliance_by_officer_rows(before.compliance_by_officer)}
    by_officer_figures = [
        Figure(
            key="drills.compliant_by_officer",
            label=_("Schools compliant"),
            this_period=row[2],
            previous_period=previous_compliant.get(row[0], 0),
            group=row[0],
        )
        for row in compliance.rows
    ]
    month_chart = _month_chart(
        period,
        "drills_by_month",
        _("Drills conducted by month"),
        _(
            "Bar chart: drills conducted (all kinds), month by month; %(total)s in all, of which %(lockdowns)s "
            "lockdowns."
        )
        % {"total": num(now.total), "lockdowns": num(now.lockdowns)},
        by_month,
    )
    compliance_chart = _bars(
        "compliance_by_officer",
        _("Schools compliant by officer (%)"),
        _("Bar chart: percentage of each officer's schools that met the yearly lockdown requirement."),
        [(row[0], row[4]) for row in compliance.rows],
        keep_zero=True,
    )
    kind_chart = _bars(
        "drills_by_kind",
        _("Drills conducted by kind"),
        _("Bar chart: drills conducted in the period by kind."),
        [(row[0], row[1]) for row in by_kind.rows],
    )
    return Section(
        key="lockdown_drills",
        title=_("Lockdown drills"),
        tables=[key, by_kind, by_month, by_officer, compliance],
        charts=[month_chart, compliance_chart, kind_chart],
        figures=by_officer_figures,
        note=_(
            "A drill counts when it was completed in the period; cancelled and scheduled drills do not. Compliance "
            "is measured for the school year %(year)s with the drills app's rules (drills required per kind and "
            "school year in force that year), for the schools the unit served during it (closed ones included), as "
            "of the last day of the period; each school counts for the officer who held it on that day (or last "
            "held it). The previous period's compliance is that of the school year before. “Lockdown drills "
            "conducted” counts the drills of the kinds that school year requires (lockdowns, unless its rules "
            "require other kinds too). Follow-up actions raised are those of drills dated in the period."
        )
        % {"year": SchoolYear.label(now.school_year)},
    )
