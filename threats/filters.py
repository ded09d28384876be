import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from csu.forms import ModelChoiceFilter, NameChoiceFilter
from schools.models import Board, School

from .forms import _officers
from .models import BehaviourKind, OutcomeCategory, ThreatAssessment


class DateInput(forms.DateInput):
    input_type = "date"


class AssessmentFilter(django_filters.FilterSet):
    board = ModelChoiceFilter(label=_("Board"), field_name="school__board", queryset=Board.objects.all())
    school = NameChoiceFilter(label=_("School"), queryset=School.objects.all())
    level = django_filters.ChoiceFilter(
        label=_("School level"), field_name="school__category", choices=School.Category.choices
    )
    officer = ModelChoiceFilter(label=_("Officer"), field_name="officers", queryset=_officers, distinct=True)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=ThreatAssessment.Stage.choices)
    behaviour = ModelChoiceFilter(label=_("Kind of behaviour"), queryset=BehaviourKind.objects.all())
    outcome = ModelChoiceFilter(label=_("Outcome"), queryset=OutcomeCategory.objects.all())
    assessed_from = django_filters.DateFilter(
        label=_("From"), field_name="assessed_on", lookup_expr="gte", widget=DateInput
    )
    assessed_to = django_filters.DateFilter(
        label=_("To"), field_name="assessed_on", lookup_expr="lte", widget=DateInput
    )
    follow_up = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=[("open", _("Not done")), ("overdue", _("Overdue")), ("done", _("Done"))],
        method="filter_follow_up",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ThreatAssessment.Status.choices)

    class Meta:
        model = ThreatAssessment
        fields = [
            "board",
            "school",
            "level",
            "officer",
            "stage",
            "behaviour",
            "outcome",
            "assessed_from",
            "assessed_to",
            "follow_up",
            "status",
        ]

    def filter_follow_up(self, queryset, name, value):
        from django.utils import timezone

        if value == "done":
            return queryset.filter(follow_up_done=True)
        queryset = queryset.filter(follow_up_on__isnull=False, follow_up_done=False)
        if value == "overdue":
            queryset = queryset.filter(follow_up_on__lt=timezone.localdate())
        return queryset
