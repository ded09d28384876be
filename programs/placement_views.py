"""The CAA School Safety Patrol years and the placements (students and volunteers) of the unit."""

from __future__ import annotations

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from csu.history import history_entries
from csu.lists import FilteredListView
from csu.notices import CollectionNoticeMixin
from schools.models import SchoolYear

from . import services
from .filters import (
    PatrolYearFilter,
    PlacementFilter,
)
from .forms import (
    PatrolYearForm,
    PlacementForm,
)
from .models import PatrolYear, Placement
from .views import ServiceFormView

# --- CAA School Safety Patrol -----------------------------------------------------------------------------


class PatrolYearListView(FilteredListView):
    permission_required = "programs.view_patrolyear"
    model = PatrolYear
    filterset_class = PatrolYearFilter
    template_name = "programs/patrolyear_list.html"
    sort_fields = {"year": "school_year", "school": "school__name_en", "patrollers": "patrollers"}
    default_sort = "-year"
    csv_filename = "safety-patrol.csv"
    csv_columns = [
        (gettext_lazy("School year"), lambda p: SchoolYear.label(p.school_year)),
        (gettext_lazy("School"), lambda p: p.school.name),
        (gettext_lazy("Patrollers"), lambda p: p.patrollers),
        (gettext_lazy("Captains"), lambda p: p.captains),
        (gettext_lazy("Training date"), lambda p: p.training_on or ""),
        (gettext_lazy("Exam passes"), lambda p: p.exam_passes),
        (gettext_lazy("Patroller of the Year nominations"), lambda p: p.patroller_of_year_nominations),
        (gettext_lazy("Patrol Supervisor of the Year nominations"), lambda p: p.supervisor_of_year_nominations),
    ]

    def get_base_queryset(self):
        return PatrolYear.objects.select_related("school")


class PatrolYearDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "programs.view_patrolyear"
    template_name = "programs/patrolyear_detail.html"
    context_object_name = "patrol"

    def get_queryset(self):
        return PatrolYear.objects.select_related("school")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_entries"] = history_entries(self.object)
        return context


class PatrolYearCreateView(ServiceFormView):
    permission_required = "programs.add_patrolyear"
    form_class = PatrolYearForm
    page_title = gettext_lazy("Record safety patrol figures")
    cancel_url = reverse_lazy("programs:patrolyear_list")

    def perform(self, form):
        return services.patrol_year_create(data=form.service_data(), by=self.request.user)


class PatrolYearUpdateView(ServiceFormView):
    permission_required = "programs.change_patrolyear"
    form_class = PatrolYearForm

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(PatrolYear, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit safety patrol figures")

    def perform(self, form):
        return services.patrol_year_update(
            patrol=self.object, data=form.service_data(), version=form.cleaned_data.get("version")
        )


# --- Placements -------------------------------------------------------------------------------------------


class PlacementListView(FilteredListView):
    permission_required = "programs.view_placement"
    model = Placement
    filterset_class = PlacementFilter
    template_name = "programs/placement_list.html"
    sort_fields = {"start": "starts_on", "end": "ends_on", "hours": "hours", "retain": "retain_until"}
    default_sort = "-start"
    csv_filename = "placements.csv"
    csv_columns = [
        (gettext_lazy("Student"), lambda p: p.student_name),
        (gettext_lazy("Institution"), lambda p: p.institution),
        (gettext_lazy("Level"), lambda p: p.get_level_display()),
        (gettext_lazy("Program of study"), lambda p: p.program_of_study),
        (gettext_lazy("Starts on"), lambda p: p.starts_on),
        (gettext_lazy("Ends on"), lambda p: p.ends_on),
        (gettext_lazy("Hours"), lambda p: p.hours),
        (gettext_lazy("Supervising staff member"), lambda p: str(p.supervisor)),
        (gettext_lazy("Keep until"), lambda p: p.retain_until),
        (gettext_lazy("Purged at"), lambda p: p.purged_at or ""),
    ]

    def get_base_queryset(self):
        return Placement.objects.select_related("supervisor")


class PlacementDetailView(PermissionRequiredMixin, DetailView):
    permission_required = "programs.view_placement"
    template_name = "programs/placement_detail.html"

    def get_queryset(self):
        return Placement.objects.select_related("supervisor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_entries"] = history_entries(self.object)
        return context


class PlacementCreateView(CollectionNoticeMixin, ServiceFormView):
    collection_purpose = "placement"
    permission_required = "programs.add_placement"
    form_class = PlacementForm
    page_title = gettext_lazy("New placement")
    cancel_url = reverse_lazy("programs:placement_list")

    def perform(self, form):
        return services.placement_create(data=form.service_data(), by=self.request.user)


class PlacementUpdateView(CollectionNoticeMixin, ServiceFormView):
    collection_purpose = "placement"
    permission_required = "programs.change_placement"
    form_class = PlacementForm

    def dispatch(self, request, *args, **kwargs):
        self.object = get_object_or_404(Placement, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit placement")

    def perform(self, form):
        return services.placement_update(
            placement=self.object, data=form.service_data(), version=form.cleaned_data.get("version")
        )
