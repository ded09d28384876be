import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from csu.forms import ModelChoiceFilter, NameChoiceFilter
from schools.models import School, SchoolYear

from .models import Drill, DrillKind
from .selectors import year_rule

DATE = forms.DateInput(attrs={"type": "date"})


def _years():
    current = SchoolYear.current()
    return [(y, SchoolYear.label(y)) for y in range(current, current - 5, -1)]


class DrillFilter(django_filters.FilterSet):
    school = NameChoiceFilter(label=_("School"), queryset=School.objects.all())
    lead_officer = ModelChoiceFilter(
        label=_("Officer"), queryset=User.objects.filter(role__in=[Role.OFFICER, Role.SUPERVISOR])
    )
    kind = ModelChoiceFilter(label=_("Kind"), queryset=DrillKind.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Drill.Status.choices)
    school_year = django_filters.TypedChoiceFilter(
        label=_("School year"), choices=_years, coerce=int, method="filter_school_year"
    )
    date_from = django_filters.DateFilter(label=_("From"), field_name="occurs_on", lookup_expr="gte", widget=DATE)
    date_to = django_filters.DateFilter(label=_("To"), field_name="occurs_on", lookup_expr="lte", widget=DATE)
    covering = django_filters.BooleanFilter(label=_("Covering"))

    class Meta:
        model = Drill
        fields = ["school", "lead_officer", "kind", "status", "school_year", "date_from", "date_to", "covering"]

    def filter_school_year(self, queryset, name, value):
        if value in (None, ""):
            return queryset
        rule = year_rule(int(value))
        return queryset.between(rule.starts_on, rule.ends_on)
