import django_filters
from django.utils.translation import gettext_lazy as _

from .models import AnnualReport


class AnnualReportFilter(django_filters.FilterSet):
    period_kind = django_filters.ChoiceFilter(label=_("Period"), choices=AnnualReport.PeriodKind.choices)
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AnnualReport.Status.choices)
    language = django_filters.ChoiceFilter(label=_("Language"), choices=AnnualReport.Language.choices)

    class Meta:
        model = AnnualReport
        fields = ["period_kind", "year", "status", "language"]
