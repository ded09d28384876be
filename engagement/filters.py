import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Subscriber, Topic

ANY = pgettext_lazy("filter: any status or topic", "All")  # rather than "---------"


class SubscriberFilter(django_filters.FilterSet):
    email = django_filters.CharFilter(lookup_expr="icontains", label=_("E-mail"))
    status = django_filters.ChoiceFilter(choices=Subscriber.Status.choices, label=_("Status"), empty_label=ANY)
    topics = django_filters.ModelChoiceFilter(queryset=Topic.objects.all(), label=_("Topic"), empty_label=ANY)

    class Meta:
        model = Subscriber
        fields = ["email", "status", "topics"]


class GroupFilter(django_filters.FilterSet):
    from .blockwatch import Group as _Group

    status = django_filters.ChoiceFilter(choices=_Group.Status.choices, label=_("Status"), empty_label=ANY)
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Name"))

    class Meta:
        from .blockwatch import Group as model  # noqa: N813

        fields = ["name", "status"]
