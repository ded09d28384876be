import functools

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from csu import cache
from csu.access import readable
from csu.form_helpers import apply_errors
from csu.history import history_entries
from csu.lists import FilteredListView, csv_response
from csu.submission import create_once, submit_once
from schools.models import School, SchoolYear

from . import services, year_rules
from .filters import DrillFilter
from .forms import (
    ComplianceFilterForm,
    DrillCancelForm,
    DrillCompleteForm,
    DrillLogForm,
    DrillScheduleForm,
    DrillUpdateCompletedForm,
    DrillUpdateScheduledForm,
    FollowUpActionForm,
    FollowUpResolveForm,
)
from .models import Drill, FollowUpAction
from .selectors import (
    Status,
    compliance_by_officer,
    compliance_counts,
    compliance_snapshot,
    effective_requirements,
    filter_rows,
    year_containing,
)


def _drill_url(drill: Drill) -> str:
    return reverse("drills:drill_detail", args=[drill.pk])


def _editable_drill(request, pk: int) -> Drill:
    """The drill if this user may change it; someone else's drill is 404 for an officer."""
    queryset = Drill.objects.editable_by(request.user).select_related("school", "kind", "lead_officer")
    return get_object_or_404(queryset, pk=pk)


def _can_edit(user, drill: Drill) -> bool:
    if not user.has_perm("drills.change_drill"):
        return False
    return user.has_perm("drills.change_any_drill") or user.pk in (drill.lead_officer_id, drill.created_by_id)


def _report(cleaned) -> services.DrillReport:
    return services.DrillReport(**{name: cleaned.get(name) for name in services.REPORT_FIELDS})


def _initial_school(request) -> dict:
    try:
        school = School.objects.active().filter(pk=int(request.GET.get("school", ""))).first()
    except ValueError:
        school = None
    return {"school": school.pk} if school else {}


# --- Lists and detail -----------------------------------------------------------------------------------


class DrillListView(FilteredListView):
    model = Drill
    filterset_class = DrillFilter
    permission_required = "drills.view_drill"
    template_name = "drills/drill_list.html"
    sort_fields = {
        "date": "occurs_on",
        "school": "school__name_en",
        "kind": "kind__name_en",
        "status": "status",
        "officer": ["lead_officer__display_name", "lead_officer__username"],
    }
    default_sort = "-date"
    topic = "drills"
    table_template = "drills/_drill_table.html"
    read_scoped = True
    csv_filename = "drills.csv"
    csv_columns = [
        (_("Date"), lambda d: d.occurs_on),
        (_("School"), lambda d: d.school.name),
        (_("Kind"), lambda d: d.kind.name),
        (_("Status"), lambda d: d.get_status_display()),
        (_("Scheduled for"), lambda d: d.scheduled_for),
        (_("Started"), lambda d: d.conducted_start),
        (_("Ended"), lambda d: d.conducted_end),
        (_("Announced"), lambda d: gettext("yes") if d.announced else gettext("no")),
        (_("Lead officer"), lambda d: d.lead_officer),
        (_("Covering"), lambda d: gettext("yes") if d.covering else ""),
        (_("Time to secure (seconds)"), lambda d: d.time_to_secure),
        (_("Students"), lambda d: d.students_count),
        (_("Staff"), lambda d: d.staff_count),
        (_("Outcome"), lambda d: d.get_outcome_display()),
        (_("Problems found"), lambda d: d.problems_found),
        (_("Reason cancelled"), lambda d: d.cancel_reason),
    ]

    def get_base_queryset(self):
        return Drill.objects.select_related("school", "kind", "lead_officer")


drill_list = DrillListView.as_view()


@permission_required("drills.view_drill", raise_exception=True)
def drill_detail(request, pk: int):
    drills = Drill.objects.select_related("school", "kind", "lead_officer", "created_by")
    drill = get_object_or_404(readable(drills, request.user), pk=pk)
    year = year_containing(drill.occurs_on)
    return render(
        request,
        "drills/drill_detail.html",
        {
            "drill": drill,
            "year_label": SchoolYear.label(year),
            "counts_toward_requirement": drill.kind_id in effective_requirements(year),
            "followups": list(drill.followups.all()),
            "history_entries": history_entries(drill),
            "followup_history": list(
                FollowUpAction.history.filter(drill_id=drill.pk)
                .select_related("history_user")
                .order_by("-history_date", "-history_id")[:100]
            ),
            "can_edit": _can_edit(request.user, drill),
            "can_add_followup": request.user.has_perm("drills.add_followupaction") and _can_edit(request.user, drill),
            "cancel_form": DrillCancelForm(initial={"version": drill.version}),
        },
    )


# --- Officer flow ---------------------------------------------------------------------------------------


@permission_required("drills.add_drill", raise_exception=True)
@submit_once
def drill_schedule(request):
    form = DrillScheduleForm(request.POST or None, user=request.user, initial=_initial_school(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drill = create_once(
                request,
                form,
                lambda: services.drill_schedule(
                    user=request.user,
                    school=data["school"],
                    kind=data["kind"],
                    scheduled_for=data["scheduled_for"],
                    lead_officer=data.get("lead_officer"),
                    announced=data["announced"],
                    covering=data["covering"],
                    refuse_past=True,
                ),
                url=_drill_url,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Drill scheduled."))
            return redirect("drills:drill_detail", pk=drill.pk)
    return render(request, "drills/drill_form.html", {"form": form, "title": gettext("Schedule a drill")})


@permission_required("drills.add_drill", raise_exception=True)
@submit_once
def drill_log(request):
    form = DrillLogForm(request.POST or None, user=request.user, initial=_initial_school(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drill = create_once(
                request,
                form,
                lambda: services.drill_complete(
                    user=request.user,
                    report=_report(data),
                    school=data["school"],
                    kind=data["kind"],
                    lead_officer=data.get("lead_officer"),
                    covering=data["covering"],
                ),
                url=_drill_url,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _after_logging(request, drill)
    return render(request, "drills/drill_form.html", {"form": form, "title": gettext("Log a drill")})


def _after_logging(request, drill: Drill):
    if drill.has_problems:
        messages.warning(request, gettext("Drill logged. Problems were found: add the follow-up actions now."))
        return redirect("drills:followupaction_create", pk=drill.pk)
    messages.success(request, gettext("Drill logged."))
    return redirect("drills:drill_detail", pk=drill.pk)


@permission_required("drills.change_drill", raise_exception=True)
def drill_complete(request, pk: int):
    drill = _editable_drill(request, pk)
    if drill.status != Drill.Status.SCHEDULED:
        messages.info(request, gettext("This drill is not scheduled any more."))
        return redirect("drills:drill_detail", pk=drill.pk)
    initial = {"version": drill.version, "announced": drill.announced, "covering": drill.covering}
    local = timezone.localtime(drill.scheduled_for)
    if drill.scheduled_for <= timezone.now():
        initial.update(date=local.date(), start_time=local.time().replace(second=0, microsecond=0))
    form = DrillCompleteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            drill = services.drill_complete(
                user=request.user,
                report=_report(data),
                drill=drill,
                version=data["version"],
                covering=data["covering"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _after_logging(request, drill)
    title = gettext("Log the %(kind)s drill at %(school)s") % {"kind": drill.kind, "school": drill.school}
    return render(request, "drills/drill_form.html", {"form": form, "title": title, "drill": drill})


@permission_required("drills.change_drill", raise_exception=True)
def drill_update(request, pk: int):
    drill = _editable_drill(request, pk)
    if drill.status == Drill.Status.CANCELLED:
        messages.info(request, gettext("A cancelled drill cannot be changed."))
        return redirect("drills:drill_detail", pk=drill.pk)
    if drill.status == Drill.Status.SCHEDULED:
        form_class = DrillUpdateScheduledForm
        initial = {
            "kind": drill.kind_id,
            "scheduled_for": timezone.localtime(drill.scheduled_for),
            "announced": drill.announced,
            "covering": drill.covering,
            "version": drill.version,
        }
    else:
        form_class = DrillUpdateCompletedForm
        start, end = timezone.localtime(drill.conducted_start), timezone.localtime(drill.conducted_end)
        initial = {
            name: getattr(drill, name)
            for name in (
                "announced",
                "time_to_secure",
                "students_count",
                "staff_count",
                "problems_found",
                "police_role",
                "time_of_day",
            )
        }
        initial.update(
            kind=drill.kind_id,
            date=start.date(),
            start_time=start.time(),
            end_time=end.time(),
            debrief_notes=drill.debrief_notes,
            outcome=drill.outcome,
            covering=drill.covering,
            version=drill.version,
        )
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        changes = {k: v for k, v in data.items() if k in services.UPDATABLE_FIELDS}
        try:
            drill = services.drill_update(user=request.user, drill=drill, version=version, **changes)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Drill saved."))
            return redirect("drills:drill_detail", pk=drill.pk)
    title = gettext("Edit the drill at %(school)s") % {"school": drill.school}
    return render(request, "drills/drill_form.html", {"form": form, "title": title, "drill": drill})


@permission_required("drills.change_drill", raise_exception=True)
def drill_cancel(request, pk: int):
    drill = _editable_drill(request, pk)
    form = DrillCancelForm(request.POST or None, initial={"version": drill.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.drill_cancel(
                user=request.user, drill=drill, version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Drill cancelled."))
            return redirect("drills:drill_detail", pk=drill.pk)
    title = gettext("Cancel the drill at %(school)s") % {"school": drill.school}
    return render(request, "drills/drill_cancel.html", {"form": form, "title": title, "drill": drill})


# --- Follow-up actions ----------------------------------------------------------------------------------


@permission_required("drills.add_followupaction", raise_exception=True)
@submit_once
def followupaction_create(request, pk: int):
    drill = _editable_drill(request, pk)
    form = FollowUpActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create_once(
                request,
                form,
                lambda: services.followup_create(user=request.user, drill=drill, **form.cleaned_data),
                url=_drill_url(drill),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Follow-up action added."))
            if "add_another" in request.POST:
                return redirect("drills:followupaction_create", pk=drill.pk)
            return redirect("drills:drill_detail", pk=drill.pk)
    return render(
        request,
        "drills/followupaction_form.html",
        {"form": form, "drill": drill, "followups": list(drill.followups.all())},
    )


@permission_required("drills.change_followupaction", raise_exception=True)
def followupaction_resolve(request, pk: int):
    editable = Drill.objects.editable_by(request.user)
    followup = get_object_or_404(
        FollowUpAction.objects.select_related("drill__school", "drill__kind").filter(drill__in=editable), pk=pk
    )
    form = FollowUpResolveForm(
        request.POST or None, initial={"version": followup.version, "resolved_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_resolve(user=request.user, followup=followup, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Follow-up action resolved."))
            return redirect("drills:drill_detail", pk=followup.drill_id)
    return render(request, "drills/followupaction_resolve.html", {"form": form, "followup": followup})


# --- Compliance board -----------------------------------------------------------------------------------


def compliance_context(*, year: int, officer_id=None, board_id=None, status=None) -> dict:
    rule, every_row = compliance_snapshot(year)
    all_rows = filter_rows(every_row, officer_id=officer_id, board_id=board_id)
    rows = [r for r in all_rows if r.status == status] if status else all_rows
    return {
        "rule": rule,
        "requirements": list(rule.effective_requirements.values()),
        "rows": rows,
        "status_counts": compliance_counts(all_rows),
        "officer_counts": compliance_by_officer(all_rows),
        "status_labels": [Status.LABELS[s] for s in Status.ORDER],
    }


BOARD_PAGE_SIZE = 100


@permission_required("drills.view_compliance", raise_exception=True)
def compliance_board(request):
    """All active schools' compliance; the counts cover every filtered school, the table is paginated."""
    form = ComplianceFilterForm(request.GET or None)
    filters = {}
    year = SchoolYear.current()
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        filters = {
            "officer_id": form.cleaned_data["officer"].pk if form.cleaned_data["officer"] else None,
            "board_id": form.cleaned_data["board"].pk if form.cleaned_data["board"] else None,
            "status": form.cleaned_data["status"] or None,
        }
    if request.GET.get("format") == "csv":
        context = compliance_context(year=year, **filters)
        gaps = _rule_gaps(context["rule"], context["rows"])
        header = [
            _("School"),
            _("Board"),
            _("Officer"),
            _("Completed drills of the required kinds"),
            _("Required"),
            _("Status"),
            _("Next scheduled"),
            _("Last completed"),
            _("Deadline"),
            _("Per kind"),
            _("Year rules not met"),
        ]
        rows = (
            [
                r.school_name,
                r.board_code,
                r.officer_name,
                r.completed,
                r.required,
                r.status_label,
                r.next_scheduled,
                r.last_completed,
                r.deadline,
                "; ".join(f"{p.kind_name} {p.completed}/{p.required}" for p in r.parts),
                "; ".join(gaps.get(r.school_id, [])),
            ]
            for r in context["rows"]
        )
        return csv_response(f"drill-compliance-{year}.csv", header, rows)
    csv_query = request.GET.copy()
    csv_query["format"] = "csv"
    page_query = request.GET.copy()
    page_query.pop("page", None)

    def board() -> dict:
        found = compliance_context(year=year, **filters)
        gaps = _rule_gaps(found["rule"], found["rows"])
        page = Paginator(found["rows"], BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
        return {
            **found,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "rule_gaps": [(r, gaps[r.school_id]) for r in found["rows"] if r.school_id in gaps],
            "rule_asks": year_rules.labels(year_rules.rule_asks(found["rule"])),
        }

    @functools.cache
    def drawn() -> dict:  # once for both parts
        return {"board": board(), "query_without_page": page_query.urlencode()}

    # Everything drawn from the compliance snapshot is kept as markup under its version; the snapshot is read only
    # when it is drawn afresh.
    version, path = cache.version("compliance"), request.get_full_path()
    rule_html = cache.kept_markup(request, "drills/includes/board_rule.html", drawn, version, path)
    body_html = cache.kept_markup(request, "drills/includes/board_body.html", drawn, version, path)
    context = {
        "form": form,
        "year_label": SchoolYear.label(year),
        "csv_query": csv_query.urlencode(),
        "rule_html": rule_html,
        "body_html": body_html,
    }
    return render(request, "drills/compliance_board.html", context)


def _rule_gaps(rule, rows) -> dict[int, list[str]]:
    """{school id: what the year's extra rules still ask of it, as labels} for the schools that lack something."""
    found = year_rules.missing_by_school(rule=rule, school_ids=[r.school_id for r in rows])
    gaps = {}
    for row in rows:
        missing = year_rules.missing_for(found, row.school_id, rule)
        if missing:
            gaps[row.school_id] = year_rules.labels(missing)
    return gaps


# --- The principal's copy -------------------------------------------------------------------------------


def _completed_drill(pk: int) -> Drill:
    drill = get_object_or_404(Drill.objects.select_related("school__board", "kind", "lead_officer"), pk=pk)
    if drill.status != Drill.Status.COMPLETED:
        raise Http404
    return drill


@permission_required("drills.view_drill", raise_exception=True)
def drill_principal_copy(request, pk: int):
    from . import principal_copy

    drill = _completed_drill(pk)
    response = HttpResponse(principal_copy.render(drill), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{principal_copy.filename(drill)}"'
    return response


@require_POST
@permission_required("drills.change_drill", raise_exception=True)
def drill_principal_copy_send(request, pk: int):
    from . import principal_copy

    drill = _completed_drill(pk)
    if not _can_edit(request.user, drill):
        raise Http404
    try:
        address = principal_copy.send(drill, by=request.user)
    except ValueError:
        messages.error(request, gettext("The school has no contact e-mail address: add it on the school's page."))
    except OSError:
        messages.error(request, gettext("The mail server did not accept the message; try again later."))
    else:
        messages.success(request, gettext("Principal's copy sent to %(address)s.") % {"address": address})
    return redirect("drills:drill_detail", pk=drill.pk)


# --- Plan a term ----------------------------------------------------------------------------------------


@permission_required("drills.add_drill", raise_exception=True)
def drill_plan_term(request):
    """Preview first (nothing saved), then the same form posted with `confirm` schedules every drill at once."""
    from . import term_plan
    from .forms import TermPlanForm

    form = TermPlanForm(request.POST or None, user=request.user)
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        schools = term_plan.schools_in_scope(user=request.user, everyone=data.get("everyone", False))
        plan = term_plan.term_plan(schools=schools, weeks=data["weeks"], kind=data["kind"])
        if "confirm" in request.POST and plan:
            try:
                created = term_plan.term_plan_create(user=request.user, plan=plan, kind=data["kind"], at=data["at"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, gettext("%(count)s drills scheduled.") % {"count": len(created)})
                return redirect("drills:drill_list")
    return render(request, "drills/drill_plan_term.html", {"form": form, "plan": plan})
