import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Subscriber, Topic


class SubscriberFilter(django_filters.FilterSet):
    email = django_filters.CharFilter(lookup_expr="icontains", label=_("E-mail"))
    status = django_filters.ChoiceFilter(choices=Subscriber.Status.choices, label=_("Status"))
    topics = django_filters.ModelChoiceFilter(queryset=Topic.objects.all(), label=_("Topic"))

    class Meta:
        model = Subscriber
        fields = ["email", "status", "topics"]


class GroupFilter(django_filters.FilterSet):
    from .blockwatch import Group as _Group

    status = django_filters.ChoiceFilter(choices=_Group.Status.choices, label=_("Status"))
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Name"))

    class Meta:
        from .blockwatch import Group as model  # noqa: N813

        fields = ["name", "status"]
