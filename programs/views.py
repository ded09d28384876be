"""Thin views: each declares its permission, finds the object through one access helper, calls a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, FormView, TemplateView

from accounts.models import User
from csu.access import readable
from csu.form_helpers import apply_errors
from csu.history import history_entries
from csu.lists import FilteredListView
from csu.submission import SubmitOnceMixin, create_once, submit_once
from schools.models import School, SchoolYear

from . import services
from .filters import (
    ClassSeriesFilter,
    SessionFilter,
)
from .forms import (
    ClassSeriesForm,
    ProgramForm,
    ProgramRevisionForm,
    SessionForm,
    VoidForm,
)
from .models import ClassSeries, PresentationRequest, Program, Session

# --- Access helpers: outsiders get 404 --------------------------------------------------------------------


def session_for_edit(user, pk: int) -> Session:
    return get_object_or_404(Session.objects.editable_by(user), pk=pk)


def series_for_edit(user, pk: int) -> ClassSeries:
    series = ClassSeries.objects.all()
    if not user.is_superuser:
        series = series.filter(Q(officer=user) | Q(created_by=user))
    return get_object_or_404(series, pk=pk)


class ServiceFormView(SubmitOnceMixin, PermissionRequiredMixin, FormView):
    """A create/update page: the form validates, `perform` calls the service; its errors go next to fields. A create
    runs once per submission key (csu.submission)."""

    template_name = "programs/form.html"
    page_title = ""
    cancel_url = ""
    object = None

    def get_page_title(self) -> str:
        return str(self.page_title)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.get_page_title()
        context["cancel_url"] = self.get_cancel_url()
        return context

    def get_cancel_url(self) -> str:
        return self.object.get_absolute_url() if self.object is not None else str(self.cancel_url)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def form_valid(self, form):
        try:
            if self.object is None:
                obj = create_once(self.request, form, lambda: self.perform(form), url=self.get_redirect)
            else:
                obj = self.perform(form)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.get_redirect(obj))

    def get_redirect(self, obj) -> str:
        return obj.get_absolute_url()

    def perform(self, form):  # pragma: no cover - every subclass overrides
        raise NotImplementedError


# --- Catalogue --------------------------------------------------------------------------------------------


class ProgramListView(PermissionRequiredMixin, TemplateView):
    """The catalogue: a handful of rows, one query (revision and session count are annotations)."""

    permission_required = "programs.view_program"
    template_name = "programs/program_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["programs"] = Program.objects.with_current_revision().annotate(
            session_count=Count("sessions", filter=Q(sessions__status=Session.Status.ACTIVE))
        )
        return context


class ProgramDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "programs.view_program"
    model = Program
    template_name = "programs/program_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["revisions"] = list(self.object.revisions.select_related("created_by"))
        context["current_revision"] = context["revisions"][0] if context["revisions"] else None
        context["history_entries"] = history_entries(self.object)
        context["revision_form"] = None
        if self.request.user.has_perm("programs.add_programrevision"):
            context["revision_form"] = ProgramRevisionForm(initial={"revised_on": timezone.localdate()})
        return context


class ProgramCreateView(ServiceFormView):
    permission_required = "programs.add_program"
    form_class = ProgramForm
    page_title = gettext_lazy("New program")
    cancel_url = reverse_lazy("programs:program_list")

    def perform(self, form):
        return services.program_create(data=form.service_data())


class ProgramUpdateView(ServiceFormView):
    permission_required = "programs.change_program"
    form_class = ProgramForm

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(Program, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit %(program)s") % {"program": self.object.code}

    def perform(self, form):
        return services.program_update(
            program=self.object, data=form.service_data(), version=form.cleaned_data.get("version")
        )


@require_POST
@permission_required("programs.add_programrevision", raise_exception=True)
@submit_once
def program_revision_create(request, pk: int):
    program = get_object_or_404(Program, pk=pk)
    form = ProgramRevisionForm(request.POST)
    if form.is_valid():
        try:
            create_once(
                request,
                form,
                lambda: services.program_revision_add(
                    program=program,
                    revised_on=form.cleaned_data["revised_on"],
                    summary=form.cleaned_data["summary"],
                    by=request.user,
                ),
                url=program.get_absolute_url(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        return render(
            request,
            "programs/program_detail.html",
            {
                "object": program,
                "program": program,
                "revisions": list(program.revisions.select_related("created_by")),
                "current_revision": program.revisions.first(),
                "history_entries": history_entries(program),
                "revision_form": form,
            },
            status=400,
        )
    messages.success(request, _("Revision recorded."))
    return redirect(program)


# --- Sessions ---------------------------------------------------------------------------------------------


def _officer_names(session) -> str:
    return ", ".join(str(o) for o in session.officers.all())


class SessionListView(FilteredListView):
    permission_required = "programs.view_session"
    model = Session
    filterset_class = SessionFilter
    template_name = "programs/session_list.html"
    sort_fields = {"date": "starts_at", "program": "program__code", "audience": "audience_count"}
    default_sort = "-date"
    topic = "sessions"
    table_template = "programs/_session_table.html"
    count_topic = "session_counts"
    read_scoped = True
    csv_filename = "sessions.csv"
    csv_columns = [
        (gettext_lazy("Date and time"), lambda s: s.starts_at),
        (gettext_lazy("Program"), lambda s: s.program.code),
        (gettext_lazy("School"), lambda s: s.school.name if s.school_id else ""),
        (gettext_lazy("Community organisation"), lambda s: s.organisation),
        (gettext_lazy("Venue"), lambda s: s.venue),
        (gettext_lazy("Length (minutes)"), lambda s: s.length_minutes),
        (gettext_lazy("Grades"), lambda s: s.grades),
        (gettext_lazy("Class label or teacher"), lambda s: s.class_label),
        (gettext_lazy("Audience"), lambda s: s.audience_count),
        (gettext_lazy("Session number"), lambda s: s.session_number or ""),
        (gettext_lazy("Language"), lambda s: s.get_language_display()),
        (gettext_lazy("Officers"), _officer_names),
        (gettext_lazy("Status"), lambda s: s.get_status_display()),
        (gettext_lazy("Reason voided"), lambda s: s.void_reason),
    ]

    def get_base_queryset(self):
        return Session.objects.select_related("program", "school", "series").prefetch_related(
            Prefetch("officers", queryset=User.objects.order_by("display_name", "username"))
        )


class SessionDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "programs.view_session"
    template_name = "programs/session_detail.html"

    def get_queryset(self):
        sessions = Session.objects.select_related("program", "school", "series", "created_by")
        return readable(sessions.prefetch_related("officers"), self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        user = self.request.user
        can_edit = (
            user.has_perm("programs.change_session")
            and not session.is_voided
            and Session.objects.editable_by(user).filter(pk=session.pk).exists()
        )
        context["can_edit"] = can_edit
        void_form = kwargs.get("void_form") or VoidForm(initial={"version": session.version})
        context["void_form"] = void_form if can_edit else None
        context["history_entries"] = history_entries(session)
        context["delivered_request"] = PresentationRequest.objects.filter(session=session).first()
        return context


class SessionCreateView(ServiceFormView):
    permission_required = "programs.add_session"
    form_class = SessionForm
    page_title = gettext_lazy("Log a session")
    cancel_url = reverse_lazy("programs:session_list")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        # Officers log right after delivering: propose the current hour.
        now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
        initial = {"length_minutes": 60, "audience_count": 25, "starts_at": now}
        series_id = self.request.GET.get("series", "")
        school_id = self.request.GET.get("school", "")
        if series_id.isdigit():
            series = ClassSeries.objects.select_related("program").filter(pk=series_id).first()
            if series is not None:
                initial.update(
                    series=series.pk,
                    program=series.program_id,
                    school=series.school_id,
                    grades=series.grade,
                    class_label=series.class_label,
                    session_number=services.class_series_next_number(series),
                    length_minutes=series.program.typical_minutes,
                )
        elif school_id.isdigit() and School.objects.filter(pk=school_id).exists():
            initial["school"] = int(school_id)
        return initial

    def perform(self, form):
        return services.session_create(
            data=form.service_data(), officers=form.cleaned_data["officers"], by=self.request.user
        )

    def get_redirect(self, obj) -> str:
        return obj.series.get_absolute_url() if obj.series_id else obj.get_absolute_url()


class SessionUpdateView(ServiceFormView):
    permission_required = "programs.change_session"
    form_class = SessionForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm(self.permission_required):
                raise PermissionDenied
            self.object = session_for_edit(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit session")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        if self.object.is_voided:
            raise ValidationError(_("A voided session cannot be changed."))
        return services.session_update(
            session=self.object,
            data=form.service_data(),
            officers=form.cleaned_data["officers"],
            version=form.cleaned_data.get("version"),
            by=self.request.user,
        )


@require_POST
@permission_required("programs.change_session", raise_exception=True)
def session_void(request, pk: int):
    session = session_for_edit(request.user, pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.session_void(
                session=session,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if form.errors:
        # Show the errors on the form itself (error summary, field marked invalid), as the other in-page forms do.
        view = SessionDetailView(request=request, args=(), kwargs={"pk": pk})
        view.object = view.get_queryset().get(pk=pk)
        context = view.get_context_data(void_form=form)
        return render(request, view.template_name, context, status=400)
    messages.success(request, _("Session voided."))
    return redirect(session)


# --- Class series -----------------------------------------------------------------------------------------


class ClassSeriesListView(FilteredListView):
    permission_required = "programs.view_classseries"
    model = ClassSeries
    filterset_class = ClassSeriesFilter
    template_name = "programs/classseries_list.html"
    sort_fields = {
        "year": "school_year",
        "program": "program__code",
        "school": "school__name_en",
        "delivered": "delivered",
    }
    default_sort = "-year"
    csv_filename = "class-series.csv"
    csv_columns = [
        (gettext_lazy("School year"), lambda s: SchoolYear.label(s.school_year)),
        (gettext_lazy("Program"), lambda s: s.program.code),
        (gettext_lazy("School"), lambda s: s.school.name),
        (gettext_lazy("Class label or teacher"), lambda s: s.class_label),
        (gettext_lazy("Grade"), lambda s: s.grade),
        (gettext_lazy("Officer"), lambda s: str(s.officer)),
        (gettext_lazy("Sessions delivered"), lambda s: s.delivered),
        (gettext_lazy("Sessions expected"), lambda s: s.program.expected_sessions_label),
        (gettext_lazy("Complete"), lambda s: _("yes") if s.is_complete else _("no")),
    ]

    def get_base_queryset(self):
        return ClassSeries.objects.with_progress().select_related("program", "school", "officer")


class ClassSeriesDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "programs.view_classseries"
    template_name = "programs/classseries_detail.html"
    context_object_name = "series"

    def get_queryset(self):
        return ClassSeries.objects.with_progress().select_related("program", "school", "officer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        series = self.object
        context["sessions"] = series.sessions.select_related("program").order_by("session_number", "starts_at")
        context["can_log"] = user.has_perm("programs.add_session") and (
            user.is_superuser or series.officer_id == user.pk
        )
        context["can_edit"] = user.has_perm("programs.change_classseries") and (
            user.is_superuser or user.pk in (series.officer_id, series.created_by_id)
        )
        context["next_number"] = services.class_series_next_number(series)
        context["history_entries"] = history_entries(series)
        return context


class ClassSeriesCreateView(ServiceFormView):
    permission_required = "programs.add_classseries"
    form_class = ClassSeriesForm
    page_title = gettext_lazy("Start a class series")
    cancel_url = reverse_lazy("programs:classseries_list")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        # "Start a class series" from a logged session carries what the series shares with it.
        initial = super().get_initial()
        for key in ("program", "school"):
            if self.request.GET.get(key, "").isdigit():
                initial[key] = int(self.request.GET[key])
        for key, limit in (("grade", 20), ("class_label", 100)):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key][:limit]
        return initial

    def perform(self, form):
        return services.class_series_create(data=form.service_data(), by=self.request.user)


class ClassSeriesUpdateView(ServiceFormView):
    permission_required = "programs.change_classseries"
    form_class = ClassSeriesForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not request.user.has_perm(self.permission_required):
                raise PermissionDenied
            self.object = series_for_edit(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit class series")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def perform(self, form):
        return services.class_series_update(series=self.object, data=form.service_data(), by=self.request.user)
