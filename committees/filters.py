import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from csu.choices import CswbArea, Pillar
from csu.form_helpers import DateInput, staff_queryset
from csu.forms import LocalDateFilter, ModelChoiceFilter

from .models import ActionItem, Committee, Meeting, Partner, Representation


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=Partner.Type.choices)
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Partner
        fields = ["q", "type", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(contact_name__icontains=value))


class CommitteeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    pillar = django_filters.ChoiceFilter(label=_("Pillar"), choices=Pillar.choices)
    cswb_area = django_filters.ChoiceFilter(label=_("CSWB area"), choices=CswbArea.choices)
    active = django_filters.BooleanFilter(label=_("Active today"), method="active_today")
    represented_on = django_filters.DateFilter(
        label=_("Represented on"),
        method="by_representation",
        widget=DateInput(),
        help_text=_("Committees the service sat on that day: active, with a staff member representing it."),
    )

    class Meta:
        model = Committee
        fields = ["q", "pillar", "cswb_area", "active", "represented_on"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(purpose__icontains=value))

    def by_representation(self, queryset, name, value):
        represented = Representation.objects.on(value).values("committee_id")
        return queryset.filter(pk__in=Committee.objects.active_on(value).filter(pk__in=represented).values("pk"))

    def active_today(self, queryset, name, value):
        active = Committee.objects.active_on(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=active) if value else queryset.exclude(pk__in=active)


class MeetingFilter(django_filters.FilterSet):
    committee = ModelChoiceFilter(label=_("Committee"), queryset=Committee.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Meeting.Status.choices)
    after = LocalDateFilter(label=_("From"), field_name="starts_at", lookup_expr="gte", widget=DateInput())
    before = LocalDateFilter(label=_("To"), field_name="starts_at", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Meeting
        fields = ["committee", "status", "after", "before"]


class ActionItemFilter(django_filters.FilterSet):
    committee = ModelChoiceFilter(label=_("Committee"), queryset=Committee.objects.all())
    owner = ModelChoiceFilter(label=_("Owner"), queryset=staff_queryset())
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[("open", _("Open")), ("overdue", _("Overdue")), ("closed", _("Closed"))],
        method="by_state",
    )

    class Meta:
        model = ActionItem
        fields = ["committee", "owner", "state"]

    def by_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(closed_on__isnull=True)
        if value == "overdue":
            return queryset.filter(closed_on__isnull=True, due_on__lt=timezone.localdate())
        if value == "closed":
            return queryset.filter(closed_on__isnull=False)
        return queryset
