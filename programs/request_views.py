"""Presentation requests: the queue, scheduling, delivery and declining (the rest of the programs' pages are in
programs/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from csu.form_helpers import apply_errors
from csu.history import history_entries
from csu.lists import FilteredListView

from . import services
from .filters import (
    PresentationRequestFilter,
)
from .forms import (
    DeclineForm,
    DeliverForm,
    PresentationRequestForm,
    ScheduleForm,
)
from .models import PresentationRequest
from .views import ServiceFormView

# --- Presentation requests --------------------------------------------------------------------------------


class PresentationRequestListView(FilteredListView):
    """The coordinator's queue: open requests first, oldest first within them."""

    permission_required = "programs.view_presentationrequest"
    model = PresentationRequest
    filterset_class = PresentationRequestFilter
    template_name = "programs/presentationrequest_list.html"
    sort_fields = {
        "queue": ["open_rank", "received_on"],
        "received": "received_on",
        "status": "status",
        "scheduled": "scheduled_for",
    }
    default_sort = "queue"
    csv_filename = "presentation-requests.csv"
    csv_columns = [
        (gettext_lazy("Received on"), lambda r: r.received_on),
        (gettext_lazy("Requester"), lambda r: r.requester),
        (gettext_lazy("Contact"), lambda r: r.contact_name),
        (gettext_lazy("Email"), lambda r: r.contact_email),
        (gettext_lazy("Phone"), lambda r: r.contact_phone),
        (gettext_lazy("Program or topic"), lambda r: r.subject),
        (gettext_lazy("Audience size"), lambda r: r.audience_size or ""),
        (gettext_lazy("Language"), lambda r: r.get_language_display()),
        (gettext_lazy("Status"), lambda r: r.get_status_display()),
        (gettext_lazy("Officer"), lambda r: str(r.assigned_officer) if r.assigned_officer_id else ""),
        (gettext_lazy("Scheduled for"), lambda r: r.scheduled_for or ""),
        (gettext_lazy("Days waiting"), lambda r: "" if r.days_waiting is None else r.days_waiting),
        (gettext_lazy("Days to delivery"), lambda r: "" if r.days_to_delivery is None else r.days_to_delivery),
        (gettext_lazy("Reason declined"), lambda r: r.decline_reason),
    ]

    def get_base_queryset(self):
        from django.db.models import Case, IntegerField, Value, When

        return PresentationRequest.objects.select_related("school", "program", "assigned_officer", "session").annotate(
            open_rank=Case(
                When(status__in=PresentationRequest.OPEN_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )


class PresentationRequestDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "programs.view_presentationrequest"
    template_name = "programs/presentationrequest_detail.html"
    context_object_name = "req"

    def get_queryset(self):
        return PresentationRequest.objects.select_related("school", "program", "assigned_officer", "session")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        req = self.object
        can_change = self.request.user.has_perm("programs.change_presentationrequest")
        allowed = req.allowed_next() if can_change else ()
        initial = {"version": req.version}
        context["can_change"] = can_change and req.is_open
        context["schedule_form"] = (
            kwargs.get("schedule_form")
            or ScheduleForm(
                initial={
                    **initial,
                    "officer": req.assigned_officer_id,
                    "scheduled_for": req.scheduled_for,
                    "scheduled_time": req.scheduled_time,
                }
            )
            if PresentationRequest.Status.SCHEDULED in allowed
            else None
        )
        context["deliver_form"] = (
            kwargs.get("deliver_form") or DeliverForm(initial=initial, request_obj=req)
            if PresentationRequest.Status.DELIVERED in allowed
            else None
        )
        context["decline_form"] = (
            kwargs.get("decline_form") or DeclineForm(initial=initial)
            if PresentationRequest.Status.DECLINED in allowed
            else None
        )
        context["history_entries"] = history_entries(req)
        context.setdefault("transition_error_form", None)
        return context


class PresentationRequestCreateView(ServiceFormView):
    permission_required = "programs.add_presentationrequest"
    form_class = PresentationRequestForm
    page_title = gettext_lazy("New presentation request")
    cancel_url = reverse_lazy("programs:presentationrequest_list")

    def perform(self, form):
        return services.presentation_request_create(data=form.service_data(), by=self.request.user)


class PresentationRequestUpdateView(ServiceFormView):
    permission_required = "programs.change_presentationrequest"
    form_class = PresentationRequestForm

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(PresentationRequest, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit presentation request")

    def perform(self, form):
        return services.presentation_request_update(
            request=self.object, data=form.service_data(), version=form.cleaned_data.get("version")
        )


def _request_transition(request, pk: int, form_class, form_key: str, call):
    req = get_object_or_404(PresentationRequest, pk=pk)
    kwargs = {"request_obj": req} if form_class is DeliverForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            call(req, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        view = PresentationRequestDetailView(request=request, args=(), kwargs={"pk": pk})
        view.object = view.get_queryset().get(pk=pk)
        context = view.get_context_data(**{form_key: form})
        context["transition_error_form"] = form
        return render(request, view.template_name, context, status=400)
    messages.success(request, _("Request updated."))
    return redirect(req)


@require_POST
@permission_required("programs.change_presentationrequest", raise_exception=True)
def presentation_request_schedule(request, pk: int):
    return _request_transition(
        request,
        pk,
        ScheduleForm,
        "schedule_form",
        lambda req, data: services.presentation_request_schedule(
            request=req,
            officer=data["officer"],
            scheduled_for=data["scheduled_for"],
            scheduled_time=data["scheduled_time"],
            version=data["version"],
            late_entry=data["late_entry"],
        ),
    )


@require_POST
@permission_required("programs.change_presentationrequest", raise_exception=True)
def presentation_request_deliver(request, pk: int):
    return _request_transition(
        request,
        pk,
        DeliverForm,
        "deliver_form",
        lambda req, data: services.presentation_request_deliver(
            request=req, session=data["session"], version=data["version"]
        ),
    )


@require_POST
@permission_required("programs.change_presentationrequest", raise_exception=True)
def presentation_request_decline(request, pk: int):
    return _request_transition(
        request,
        pk,
        DeclineForm,
        "decline_form",
        lambda req, data: services.presentation_request_decline(
            request=req, reason=data["reason"], version=data["version"]
        ),
    )
