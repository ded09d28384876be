import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
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


class StaffFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(method="filter_name", label=_("Name"))
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["name", "role", "is_active"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(display_name__icontains=value) | Q(username__icontains=value))
