import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from csu.form_helpers import DateInput
from csu.forms import LocalDateFilter, ModelChoiceFilter, NameChoiceFilter

from .models import Board, CallForService, School


def _officers(request=None):
    return User.objects.filter(role=Role.OFFICER).order_by("display_name", "username")


class CoverageFilter(django_filters.FilterSet):
    """Narrows the coverage page (open schools only); the school list adds the open/closed choice."""

    q = django_filters.CharFilter(label=_("Name contains"), method="filter_text")
    board = ModelChoiceFilter(label=_("Board"), queryset=Board.objects.all())
    category = django_filters.ChoiceFilter(label=_("Category"), choices=School.Category.choices)
    officer = ModelChoiceFilter(label=_("Officer"), queryset=_officers, method="filter_officer")
    unassigned = django_filters.BooleanFilter(
        label=_("Unassigned only"), method="filter_unassigned", widget=forms.CheckboxInput
    )

    class Meta:
        model = School
        fields = ["q", "board", "category", "officer", "unassigned"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(name_en__icontains=value) | Q(name_fr__icontains=value))

    def filter_officer(self, queryset, name, value):
        return queryset.filter(current_officer_id=value.pk) if value else queryset

    def filter_unassigned(self, queryset, name, value):
        return queryset.filter(current_officer_id__isnull=True) if value else queryset


class SchoolFilter(CoverageFilter):
    active = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("yes", _("Open")), ("no", _("Closed")), ("all", _("All"))],
        method="filter_active",
        empty_label=None,
    )

    class Meta(CoverageFilter.Meta):
        fields = [*CoverageFilter.Meta.fields, "active"]

    def __init__(self, data=None, *args, **kwargs):
        # Open schools unless the user asks otherwise: closed ones are history.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("active"):
            data["active"] = "yes"
        super().__init__(data, *args, **kwargs)

    def filter_active(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(active=value != "no")


class CallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    board = ModelChoiceFilter(label=_("Board"), field_name="school__board", queryset=Board.objects.all())
    school = NameChoiceFilter(label=_("School"), queryset=School.objects.all())
    category = django_filters.ChoiceFilter(label=_("Category"), choices=CallForService.Category.choices)
    responding_officer = ModelChoiceFilter(label=_("Officer"), queryset=_officers)
    occurred_from = LocalDateFilter(label=_("From"), field_name="occurred_at", lookup_expr="gte", widget=DateInput)
    occurred_to = LocalDateFilter(label=_("To"), field_name="occurred_at", lookup_expr="lte", widget=DateInput)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CallForService.Status.choices)

    class Meta:
        model = CallForService
        fields = ["q", "board", "school", "category", "responding_officer", "occurred_from", "occurred_to", "status"]

    def filter_text(self, queryset, name, value):
        """Occurrence number, summary, or the school's name in either language."""
        return queryset.filter(
            Q(occurrence_number__icontains=value)
            | Q(summary__icontains=value)
            | Q(school__name_en__icontains=value)
            | Q(school__name_fr__icontains=value)
        )
