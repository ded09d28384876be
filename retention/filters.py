import django_filters
from django.utils.translation import gettext_lazy as _

from .kinds import CHOICES
from .models import Destruction


class DestructionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=CHOICES, label=_("Kind of record"))

    class Meta:
        model = Destruction
        fields = ["kind"]
