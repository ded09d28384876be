from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from csu.audit import audit_log
from csu.form_helpers import apply_errors
from csu.history import history_entries
from csu.lists import FilteredListView, csv_response
from csu.models import AuditEvent
from csu.submission import create_once, submit_once

from . import rtd, selectors, services
from .access import VIEW, SituationAccessMixin, check
from .filters import SituationFilter
from .forms import (
    AssignForm,
    BringForm,
    ConcludeForm,
    MeetingForm,
    PresentForm,
    RespondForm,
    ReviewForm,
    StatisticsForm,
    TableForm,
    VoidForm,
)
from .models import Situation, SituationTable, TableMeeting


def _form_page(request, form, *, title, cancel_url, intro="", status=200, deidentified=True):
    if not cancel_url.startswith("/"):
        cancel_url = reverse(cancel_url)
    context = {"form": form, "title": title, "cancel_url": cancel_url, "intro": intro, "deidentified": deidentified}
    return render(request, "situations/form.html", context, status=status)


def _version(form) -> int | None:
    return form.cleaned_data.get("version") if form.is_valid() else None


# --- Tables ---------------------------------------------------------------------------------------------


def table_list(request):
    check(request.user)
    tables = (
        SituationTable.objects.select_related("host")
        .annotate(
            agency_count=Count("agencies", distinct=True),
            open_count=Count(
                "situations",
                filter=Q(situations__voided_at__isnull=True, situations__concluded_on__isnull=True)
                & ~Q(situations__threshold_met=False),
                distinct=True,
            ),
        )
        .order_by("name")
    )
    return render(request, "situations/table_list.html", {"tables": tables})


def table_detail(request, pk: int):
    check(request.user)
    table = get_object_or_404(SituationTable.objects.select_related("host", "committee"), pk=pk)
    context = {
        "table": table,
        "agencies": table.agencies.order_by("name"),
        "meetings": selectors.table_detail_meetings(table)[:50],
        "open_situations": selectors.open_situations(table).order_by("brought_on", "pk"),
        "history_entries": history_entries(table),
    }
    return render(request, "situations/table_detail.html", context)


def _table_form(request, table: SituationTable | None):
    check(request.user, "situations.change_situationtable" if table else "situations.add_situationtable")
    form = TableForm(request.POST or None, instance=table)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.table_save(
                table=form.instance,
                agencies=list(form.cleaned_data["agencies"]),
                expected_version=form.expected_version,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved)
    title = _("Edit %(name)s") % {"name": table} if table else _("New situation table")
    cancel = table.get_absolute_url() if table else "situations:situationtable_list"
    return _form_page(
        request, form, title=title, cancel_url=cancel, status=400 if form.errors else 200, deidentified=False
    )


def table_create(request):
    return _table_form(request, None)


def table_update(request, pk: int):
    check(request.user)
    return _table_form(request, get_object_or_404(SituationTable, pk=pk))


# --- Meetings -------------------------------------------------------------------------------------------


@submit_once
def meeting_create(request, situationtable_pk: int):
    check(request.user, "situations.add_tablemeeting")
    table = get_object_or_404(SituationTable, pk=situationtable_pk)
    return _meeting_form(request, table, TableMeeting(table=table))


def meeting_update(request, pk: int):
    check(request.user, "situations.change_tablemeeting")
    meeting = get_object_or_404(TableMeeting.objects.select_related("table"), pk=pk)
    return _meeting_form(request, meeting.table, meeting)


def _meeting_form(request, table, meeting):
    form = MeetingForm(request.POST or None, instance=meeting, table=table)
    if request.method == "POST" and form.is_valid():
        try:
            saved = create_once(
                request,
                form,
                lambda: services.meeting_save(
                    meeting=form.instance,
                    agencies_present=list(form.cleaned_data["agencies_present"]),
                    expected_version=form.expected_version,
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(saved)
    if meeting.pk:
        title = _("Meeting of %(table)s on %(date)s: attendance") % {
            "table": table,
            "date": date_format(timezone.localtime(meeting.starts_at).date()),
        }
    else:
        title = _("New meeting of %(table)s: attendance") % {"table": table}
    cancel = meeting.get_absolute_url() if meeting.pk else table.get_absolute_url()
    return _form_page(
        request, form, title=title, cancel_url=cancel, status=400 if form.errors else 200, deidentified=False
    )


def meeting_detail(request, pk: int):
    check(request.user)
    meeting = get_object_or_404(TableMeeting.objects.select_related("table"), pk=pk)
    context = {
        "meeting": meeting,
        "present": meeting.agencies_present.order_by("name"),
        "absent": meeting.table.agencies.exclude(pk__in=meeting.agencies_present.values("pk")).order_by("name"),
        "presented": meeting.situations_presented.current().select_related("table", "originating_agency"),
        "reviews": meeting.reviews.select_related("situation__table"),
        "void_form": VoidForm(initial={"version": meeting.version}),
        "history_entries": history_entries(meeting),
    }
    return render(request, "situations/meeting_detail.html", context)


@require_POST
def meeting_void(request, pk: int):
    check(request.user, "situations.change_tablemeeting")
    meeting = get_object_or_404(TableMeeting.objects.select_related("table"), pk=pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_void(
                meeting=meeting, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Meeting voided."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Void the meeting %(meeting)s") % {"meeting": meeting},
        cancel_url=meeting.get_absolute_url(),
        status=400,
    )


# --- Situations -----------------------------------------------------------------------------------------


class SituationList(SituationAccessMixin, FilteredListView):
    model = Situation
    filterset_class = SituationFilter
    permission_required = ""
    template_name = "situations/situation_list.html"
    sort_fields = {"brought_on": "brought_on", "table": "table__name", "number": "number"}
    default_sort = "-brought_on"
    csv_filename = "situations.csv"
    csv_columns = [
        (_("Reference"), lambda s: s.reference),
        (_("Table"), lambda s: s.table.name),
        (_("Status"), lambda s: s.get_status_display()),
        (_("Date brought"), lambda s: s.brought_on),
        (_("Originating agency"), lambda s: s.originating_agency.name),
        (_("Type"), lambda s: s.get_kind_display()),
        (_("Age group"), lambda s: s.get_age_group_display()),
        (_("Gender"), lambda s: s.get_gender_display()),
        (_("Presented"), lambda s: s.presented_at.starts_at if s.presented_at_id else ""),
        (_("Threshold met"), lambda s: "" if s.threshold_met is None else (_("yes") if s.threshold_met else _("no"))),
        (_("Lead agency"), lambda s: s.lead_agency.name if s.lead_agency_id else ""),
        (_("First response"), lambda s: s.first_response_at),
        (_("Hours to first response"), lambda s: s.hours_to_response),
        (_("Reviews"), lambda s: s.review_count),
        (_("Concluded on"), lambda s: s.concluded_on),
        (_("Conclusion"), lambda s: s.get_conclusion_display()),
    ]

    def has_permission(self):
        return self.request.user.has_perm(VIEW)

    def get_base_queryset(self):
        return selectors.situations_for_list()

    def export_csv(self, queryset):
        audit_log(self.request, AuditEvent.Action.RECORDS_EXPORTED, target="situations", detail="situation list CSV")
        return super().export_csv(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(target_hours=rtd.target_hours(), **kwargs)


def situation_detail(request, pk: int):
    check(request.user)
    situation = get_object_or_404(
        Situation.objects.select_related("table", "originating_agency", "lead_agency", "presented_at"), pk=pk
    )
    audit_log(request, AuditEvent.Action.RECORD_VIEWED, target=situation)
    context = {
        "situation": situation,
        "risk_factors": situation.risk_factors.order_by("position"),
        "protective_factors": situation.protective_factors.order_by("position"),
        "assisting": situation.assisting_agencies.order_by("name"),
        "reviews": situation.reviews.select_related("meeting"),
        "void_form": VoidForm(initial={"version": situation.version}),
        "target_hours": rtd.target_hours(),
        "can_change": request.user.has_perm("situations.change_situation"),
        "history_entries": history_entries(situation),
    }
    return render(request, "situations/situation_detail.html", context)


@submit_once
def situation_create(request):
    check(request.user, "situations.add_situation")
    initial = {"brought_on": timezone.localdate()}
    if request.GET.get("table", "").isdigit():
        initial["table"] = int(request.GET["table"])
    form = BringForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            situation = create_once(request, form, lambda: services.situation_bring(situation=form.instance))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Situation %(ref)s recorded.") % {"ref": situation.reference})
            return redirect(situation)
    return _form_page(
        request,
        form,
        title=_("Filter 1: a situation brought to the table"),
        cancel_url="situations:situation_list",
        intro=_("The originating agency judges the risk acutely elevated and beyond its own reach."),
        status=400 if form.errors else 200,
    )


def _situation_for_change(request, pk: int) -> Situation:
    check(request.user, "situations.change_situation")
    return get_object_or_404(Situation.objects.select_related("table", "presented_at"), pk=pk)


def situation_update(request, pk: int):
    situation = _situation_for_change(request, pk)
    form = BringForm(request.POST or None, instance=situation)
    if request.method == "POST" and form.is_valid():
        try:
            services.situation_update_filter1(situation=form.instance, expected_version=form.expected_version)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(situation)
    return _form_page(
        request,
        form,
        title=_("Filter 1: %(ref)s") % {"ref": situation.reference},
        cancel_url=situation.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class _Step:
    """One step of a situation after Filter 1: its form, the service that records it and the words around it.

    `fields` are the form fields handed to the service under the same names; `initial` gives the form's values
    from the situation (the version is always added, so that a stale form is refused)."""

    form: type
    service: Callable
    fields: tuple[str, ...]
    title: str
    success: str
    intro: str = ""
    initial: Callable[[Situation], dict] = lambda situation: {}
    versioned: bool = True
    with_situation: bool = True  # the form needs the situation (its table's meetings or agencies)


def _run_step(request, pk: int, step: _Step, permission: str = ""):
    situation = _situation_for_change(request, pk)
    if permission:
        check(request.user, permission)
    initial = {"version": situation.version, **step.initial(situation)}
    extra = {"situation": situation} if step.with_situation else {}
    form = step.form(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {name: list(data[name]) if isinstance(data[name], QuerySet) else data[name] for name in step.fields}
        if step.versioned:
            values["expected_version"] = data.get("version")
        try:
            step.service(situation=situation, **values)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, step.success)
            return redirect(situation)
    return _form_page(
        request,
        form,
        title=f"{step.title} — {situation.reference}",
        cancel_url=situation.get_absolute_url(),
        intro=step.intro,
        status=400 if form.errors else 200,
    )


def _present_initial(situation: Situation) -> dict:
    # The usual case: presented at the table's latest meeting.
    latest = situation.table.meetings.filter(voided_at__isnull=True).order_by("-starts_at").values_list("pk", flat=True)
    return {
        "meeting": situation.presented_at_id or latest.first(),
        "threshold_met": {True: "yes", False: "no"}.get(situation.threshold_met),
        "not_met_reason": situation.not_met_reason,
        "not_met_note": situation.not_met_note,
        "risk_factors": list(situation.risk_factors.values_list("pk", flat=True)),
        "protective_factors": list(situation.protective_factors.values_list("pk", flat=True)),
    }


PRESENT = _Step(
    form=PresentForm,
    service=services.situation_present,
    fields=("meeting", "threshold_met", "not_met_reason", "not_met_note", "risk_factors", "protective_factors"),
    title=_("Filter 2: presented at the table"),
    intro=_("Presented de-identified: the table decides whether the risk is acutely elevated."),
    success=_("Decision recorded."),
    initial=_present_initial,
)
ASSIGN = _Step(
    form=AssignForm,
    service=services.situation_assign,
    fields=("lead_agency", "assisting_agencies"),
    title=_("Filter 3: agencies named"),
    intro=_("Only the agencies needed receive limited identifying information, outside this record."),
    success=_("Agencies recorded."),
    initial=lambda s: {
        "lead_agency": s.lead_agency_id,
        "assisting_agencies": list(s.assisting_agencies.values_list("pk", flat=True)),
    },
)
RESPOND = _Step(
    form=RespondForm,
    service=services.situation_respond,
    fields=("first_response_at", "services_mobilized"),
    title=_("Filter 4: first response"),
    success=_("First response recorded."),
    initial=lambda s: {
        "first_response_at": s.first_response_at and timezone.localtime(s.first_response_at),
        "services_mobilized": s.services_mobilized,
    },
    with_situation=False,
)
REVIEW = _Step(
    form=ReviewForm,
    service=services.situation_review,
    fields=("meeting", "outcome", "note"),
    title=_("Review at a later meeting"),
    success=_("Review recorded."),
    versioned=False,
)
CONCLUDE = _Step(
    form=ConcludeForm,
    service=services.situation_conclude,
    fields=("concluded_on", "conclusion", "note"),
    title=_("Conclusion"),
    success=_("Situation concluded."),
    initial=lambda s: {
        "concluded_on": s.concluded_on or timezone.localdate(),
        **({"conclusion": s.conclusion, "note": s.conclusion_note} if s.conclusion else {}),
    },
    with_situation=False,
)


def situation_present(request, pk: int):
    return _run_step(request, pk, PRESENT)


def situation_assign(request, pk: int):
    return _run_step(request, pk, ASSIGN)


def situation_respond(request, pk: int):
    # The target is a setting: the intro is worded per request.
    intro = _("The agencies met and responded. Target: within %(hours)s hours of the table's decision.") % {
        "hours": rtd.target_hours()
    }
    return _run_step(request, pk, replace(RESPOND, intro=intro))


def situation_review(request, pk: int):
    return _run_step(request, pk, REVIEW, permission="situations.add_review")


def situation_conclude(request, pk: int):
    return _run_step(request, pk, CONCLUDE)


@require_POST
def situation_void(request, pk: int):
    situation = _situation_for_change(request, pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.situation_void(
                situation=situation, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Situation voided."))
            return redirect(situation)
    return _form_page(
        request,
        form,
        title=_("Void %(ref)s") % {"ref": situation.reference},
        cancel_url=situation.get_absolute_url(),
        status=400,
    )


# --- Statistics and the RTD export ----------------------------------------------------------------------


def _period_form(request) -> tuple[StatisticsForm, dt.date, dt.date, SituationTable | None]:
    today = timezone.localdate()
    default_start = today.replace(month=1, day=1)
    form = StatisticsForm(request.GET or None, initial={"start": default_start, "end": today})
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["table"]
    return form, default_start, today, None


def statistics(request):
    check(request.user)
    form, start, end, table = _period_form(request)
    figures = selectors.statistics_between(start, end, table=table)
    query = request.GET.copy()
    query["start"], query["end"] = start.isoformat(), end.isoformat()
    context = {
        "form": form,
        "start": start,
        "end": end,
        "table": table,
        "figures": figures,
        "target_hours": rtd.target_hours(),
        "export_query": query.urlencode(),
    }
    return render(request, "situations/statistics.html", context, status=400 if form.errors else 200)


def rtd_export(request):
    """Every situation brought in the period, one row each, in the RTD column layout. Audited as an export."""
    check(request.user)
    _form, start, end, table = _period_form(request)
    rows = selectors.situations_for_export().filter(brought_on__gte=start, brought_on__lte=end)
    if table is not None:
        rows = rows.filter(table=table)
    rows = list(rows)
    audit_log(
        request,
        AuditEvent.Action.RECORDS_EXPORTED,
        target="situations (RTD layout)",
        detail=f"{start.isoformat()} to {end.isoformat()}: {len(rows)} rows",
    )
    return csv_response(
        f"situations-rtd-{start.isoformat()}-{end.isoformat()}.csv",
        [header for header, _getter in rtd.COLUMNS],
        ([getter(s) for _header, getter in rtd.COLUMNS] for s in rows),
    )
