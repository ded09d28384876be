import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from csu.form_helpers import DateInput, staff_queryset
from csu.forms import LocalDateFilter, ModelChoiceFilter

from .models import AwarenessWeek, Event


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=Event.Type.choices)
    awareness_week = ModelChoiceFilter(label=_("Awareness week"), queryset=AwarenessWeek.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Event.Status.choices)
    staff = ModelChoiceFilter(label=_("Staff member"), queryset=staff_queryset(), method="by_staff")
    after = LocalDateFilter(label=_("From"), field_name="starts_at", lookup_expr="gte", widget=DateInput())
    before = LocalDateFilter(label=_("To"), field_name="starts_at", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Event
        fields = ["q", "type", "awareness_week", "status", "staff", "after", "before"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(location__icontains=value))

    def by_staff(self, queryset, name, value):
        return queryset.filter(Q(lead=value) | Q(pk__in=Event.staff.through.objects.filter(user=value).values("event")))
