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
