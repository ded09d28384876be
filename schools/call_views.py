"""Calls for service: the list, a call's page, recording, editing and voiding (schools, assignments, boards and
the import are in schools/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from csu.access import readable
from csu.collation import shown_name
from csu.form_helpers import apply_errors
from csu.history import history_entries
from csu.lists import FilteredListView
from csu.submission import create_once, submit_once

from . import services
from .filters import CallFilter
from .forms import (
    CallForm,
    CallVoidForm,
)
from .models import CallForService
from .views import _fields

RECENT_CALLS = 10
PREVIEW_ROWS = 1000
COVERAGE_PAGE_SIZE = 50  # a unit has ~40 schools; after a city-wide import, pages and the filters narrow it


# --- Calls for service ----------------------------------------------------------------------------------


class CallListView(FilteredListView):
    model = CallForService
    filterset_class = CallFilter
    permission_required = "schools.view_callforservice"
    template_name = "schools/call_list.html"
    topic = "calls"
    table_template = "schools/_call_table.html"
    read_scoped = True
    sort_fields = {
        "occurred": "occurred_at",
        "school": lambda: shown_name("school__name"),
        "category": "category",
        "officer": "responding_officer__display_name",
        "number": "occurrence_number",
    }
    default_sort = "-occurred"
    csv_filename = "calls-for-service.csv"
    csv_columns = [
        (gettext_lazy("Date and time"), lambda c: c.occurred_at),
        (gettext_lazy("Occurrence number"), lambda c: c.occurrence_number),
        (gettext_lazy("School"), lambda c: c.school.name_en),
        (gettext_lazy("Category"), lambda c: c.get_category_display()),
        (gettext_lazy("Responding officer"), lambda c: str(c.responding_officer)),
        (gettext_lazy("Summary"), lambda c: c.summary),
        (gettext_lazy("Outcome"), lambda c: c.outcome.name if c.outcome_id else ""),
        (
            gettext_lazy("Youth involved"),
            lambda c: "" if c.youth_related is None else (_("Yes") if c.youth_related else _("No")),
        ),
        (gettext_lazy("Status"), lambda c: c.get_status_display()),
        (gettext_lazy("Reason voided"), lambda c: c.void_reason),
    ]

    def get_base_queryset(self):
        return CallForService.objects.select_related("school", "responding_officer", "outcome")


class CallDetailView(PermissionRequiredMixin, View):
    permission_required = "schools.view_callforservice"

    def get(self, request, pk: int):
        calls = CallForService.objects.select_related("school", "responding_officer", "created_by", "outcome")
        call = get_object_or_404(readable(calls, request.user), pk=pk)
        context = {
            "call": call,
            "can_edit": _can_edit_call(request.user, call),
            "history_entries": history_entries(call),
        }
        return render(request, "schools/call_detail.html", context)


def _can_edit_call(user, call: CallForService) -> bool:
    if not user.has_perm("schools.change_callforservice"):
        return False
    # Officers edit the calls they responded to or recorded (at any school); supervisors (and IT admins) any.
    return not user.is_officer or user.pk in (call.responding_officer_id, call.created_by_id)


def _call_for_edit(request, pk: int) -> CallForService:
    call = get_object_or_404(CallForService.objects.select_related("school"), pk=pk)
    if not _can_edit_call(request.user, call):
        raise Http404
    return call


class CallCreateView(PermissionRequiredMixin, View):
    permission_required = "schools.add_callforservice"

    def get(self, request):
        initial = {}
        school_id = request.GET.get("school", "")
        if school_id.isdigit():
            initial["school"] = school_id
        return self.render(CallForm(initial=initial, user=request.user))

    @method_decorator(submit_once)
    def post(self, request):
        form = CallForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                call = create_once(
                    request,
                    form,
                    lambda: services.call_create(by=request.user, **_fields(form, services.CALL_FIELDS)),
                    url=lambda obj: reverse("schools:call_detail", args=[obj.pk]),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Call recorded."))
                return redirect("schools:call_detail", pk=call.pk)
        return self.render(form)

    def render(self, form):
        return render(self.request, "schools/call_form.html", {"form": form, "title": _("New call for service")})


class CallUpdateView(PermissionRequiredMixin, View):
    permission_required = "schools.change_callforservice"

    def get(self, request, pk: int):
        call = _call_for_edit(request, pk)
        return self.render(CallForm(instance=call), call)

    def post(self, request, pk: int):
        call = _call_for_edit(request, pk)
        form = CallForm(request.POST, instance=call)
        if form.is_valid():
            try:
                services.call_update(
                    call=call,
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                    **_fields(form, services.CALL_FIELDS),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Call saved."))
                return redirect("schools:call_detail", pk=call.pk)
        return self.render(form, call)

    def render(self, form, call):
        title = _("Edit call %(number)s") % {"number": call.occurrence_number}
        return render(self.request, "schools/call_form.html", {"form": form, "call": call, "title": title})


class CallVoidView(PermissionRequiredMixin, View):
    permission_required = "schools.change_callforservice"

    def get(self, request, pk: int):
        call = _call_for_edit(request, pk)
        form = CallVoidForm(initial={"version": call.version})
        return render(request, "schools/call_void.html", {"form": form, "call": call})

    def post(self, request, pk: int):
        call = _call_for_edit(request, pk)
        form = CallVoidForm(request.POST)
        if form.is_valid():
            try:
                services.call_void(
                    call=call,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Call voided. It stays on record with its reason."))
                return redirect("schools:call_detail", pk=call.pk)
        return render(request, "schools/call_void.html", {"form": form, "call": call})
