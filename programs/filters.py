import django_filters
from django import forms
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from csu.choices import Language
from csu.form_helpers import DateInput, officer_queryset, staff_queryset
from csu.forms import LocalDateFilter, ModelChoiceFilter, NameChoiceFilter
from schools.models import School

from .models import ClassSeries, PatrolYear, Placement, PresentationRequest, Program, Session


def _programs(request):
    return Program.objects.all()


def _schools(request):
    return School.objects.all()


def _officers(request):
    return officer_queryset()


class SessionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    program = ModelChoiceFilter(label=_("Program"), queryset=_programs)
    school = NameChoiceFilter(label=_("School"), queryset=_schools)
    officer = ModelChoiceFilter(
        label=_("Officer"), queryset=_officers, field_name="officers", distinct=False, method="by_officer"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Session.Status.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Language.choices)
    start = LocalDateFilter(label=_("From"), field_name="starts_at", lookup_expr="gte", widget=DateInput())
    end = LocalDateFilter(
        label=_("Until"),
        field_name="starts_at",
        lookup_expr="lte",
        widget=DateInput(),
    )

    class Meta:
        model = Session
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(organisation__icontains=value)
            | Q(venue__icontains=value)
            | Q(class_label__icontains=value)
            | Q(school__name_en__icontains=value)
            | Q(school__name_fr__icontains=value)
        )

    def by_officer(self, queryset, name, value):
        # A subquery, not a join: a session with two officers must not appear twice.
        return queryset.filter(pk__in=Session.officers.through.objects.filter(user=value).values("session_id"))


class ClassSeriesFilter(django_filters.FilterSet):
    program = ModelChoiceFilter(label=_("Program"), queryset=_programs)
    school = NameChoiceFilter(label=_("School"), queryset=_schools)
    officer = ModelChoiceFilter(label=_("Officer"), queryset=_officers)
    school_year = django_filters.NumberFilter(label=_("School year (starting year)"))
    incomplete = django_filters.BooleanFilter(
        label=_("Incomplete only"), method="only_incomplete", widget=forms.CheckboxInput
    )

    class Meta:
        model = ClassSeries
        fields: list[str] = []

    def only_incomplete(self, queryset, name, value):
        # `delivered` is annotated by the view's queryset (ClassSeries.objects.with_progress()).
        return queryset.filter(delivered__lt=F("program__sessions_min")) if value else queryset


class PresentationRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PresentationRequest.Status.choices)
    open = django_filters.BooleanFilter(label=_("Open only"), method="only_open", widget=forms.CheckboxInput)
    program = ModelChoiceFilter(label=_("Program"), queryset=_programs)
    assigned_officer = ModelChoiceFilter(label=_("Officer"), queryset=_officers)

    class Meta:
        model = PresentationRequest
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(organisation__icontains=value)
            | Q(contact_name__icontains=value)
            | Q(topic__icontains=value)
            | Q(school__name_en__icontains=value)
        )

    def only_open(self, queryset, name, value):
        return queryset.filter(status__in=PresentationRequest.OPEN_STATUSES) if value else queryset


class PlacementFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Placement.Level.choices)
    supervisor = ModelChoiceFilter(label=_("Supervising staff member"), queryset=lambda request: staff_queryset())
    start = django_filters.DateFilter(
        label=_("Starting from"),
        field_name="starts_on",
        lookup_expr="gte",
        widget=DateInput(),
    )
    purged = django_filters.BooleanFilter(label=_("Purged"), field_name="purged_at", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Placement
        fields: list[str] = []


class PatrolYearFilter(django_filters.FilterSet):
    school = NameChoiceFilter(label=_("School"), queryset=_schools)
    school_year = django_filters.NumberFilter(label=_("School year (starting year)"))

    class Meta:
        model = PatrolYear
        fields: list[str] = []
