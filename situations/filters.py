import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.models import Partner
from csu.form_helpers import DateInput
from csu.forms import ModelChoiceFilter

from .models import Factor, Situation, SituationTable

DATE = DateInput()

S = Situation.Status


class SituationFilter(django_filters.FilterSet):
    table = ModelChoiceFilter(label=_("Table"), queryset=SituationTable.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=S.choices, method="by_status")
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Situation.Kind.choices)
    age_group = django_filters.ChoiceFilter(label=_("Age group"), choices=Situation.AgeGroup.choices)
    originating_agency = ModelChoiceFilter(label=_("Originating agency"), queryset=Partner.objects.all())
    lead_agency = ModelChoiceFilter(label=_("Lead agency"), queryset=Partner.objects.all())
    risk_factor = ModelChoiceFilter(
        label=_("Risk factor"), queryset=Factor.objects.filter(kind=Factor.Kind.RISK), method="by_factor"
    )
    after = django_filters.DateFilter(label=_("Brought from"), field_name="brought_on", lookup_expr="gte", widget=DATE)
    before = django_filters.DateFilter(label=_("Brought to"), field_name="brought_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Situation
        fields = ["table", "status", "kind", "age_group", "originating_agency", "lead_agency", "risk_factor"]

    def by_factor(self, queryset, name, value):
        return queryset.filter(pk__in=Situation.risk_factors.through.objects.filter(factor=value).values("situation"))

    def by_status(self, queryset, name, value):
        live = Q(voided_at__isnull=True)
        conditions = {
            S.VOIDED: Q(voided_at__isnull=False),
            S.CONCLUDED: live & Q(concluded_on__isnull=False),
            S.BROUGHT: live & Q(concluded_on__isnull=True, threshold_met__isnull=True),
            S.NOT_MET: live & Q(threshold_met=False),
            S.ASSIGNING: live & Q(concluded_on__isnull=True, threshold_met=True, lead_agency__isnull=True),
            S.RESPONDING: live
            & Q(
                concluded_on__isnull=True, threshold_met=True, lead_agency__isnull=False, first_response_at__isnull=True
            ),
            S.OPEN: live & Q(concluded_on__isnull=True, threshold_met=True, first_response_at__isnull=False),
        }
        return queryset.filter(conditions[value])
