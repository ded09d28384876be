import django_filters
from django.utils.translation import gettext_lazy as _

from csu.form_helpers import DateInput
from csu.models import AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    who = django_filters.CharFilter(field_name="username", lookup_expr="icontains", label=_("Who"))
    action = django_filters.ChoiceFilter(choices=AuditEvent.Action.choices, label=_("Action"))
    date_from = django_filters.DateFilter(
        field_name="created_at__date",
        lookup_expr="gte",
        label=_("From"),
        widget=DateInput(),
    )
    date_to = django_filters.DateFilter(
        field_name="created_at__date",
        lookup_expr="lte",
        label=_("Until"),
        widget=DateInput(),
    )

    class Meta:
        model = AuditEvent
        fields = ["who", "action", "date_from", "date_to"]
