import copy

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from schools.forms import DateInput, VersionedForm
from schools.models import CallForService, School

from .models import BehaviourKind, OutcomeCategory, ThreatAssessment
from .services import ASSESSMENT_FIELDS, assessment_validate


def _officers(request=None):
    return User.objects.filter(role__in=[Role.OFFICER, Role.SUPERVISOR], is_active=True).order_by(
        "display_name", "username"
    )


class AssessmentForm(VersionedForm):
    officers = forms.ModelMultipleChoiceField(
        label=_("Officers involved"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ThreatAssessment
        fields = [*ASSESSMENT_FIELDS[:2], "officers", *ASSESSMENT_FIELDS[2:]]
        widgets = {
            "assessed_on": DateInput(),
            "follow_up_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "stage": forms.RadioSelect,
        }
        help_texts = {
            "call": _("The call for service this assessment followed, if there was one."),
            "grade_band": _("A band, never the exact grade or class."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["school"].queryset = School.objects.active() | School.objects.filter(pk=instance.school_id or 0)
        self.fields["officers"].queryset = _officers() | User.objects.filter(
            pk__in=list(instance.officers.values_list("pk", flat=True)) if instance.pk else []
        )
        self.fields["behaviour"].queryset = BehaviourKind.objects.filter(active=True) | BehaviourKind.objects.filter(
            pk=instance.behaviour_id or 0
        )
        self.fields["outcome"].queryset = OutcomeCategory.objects.filter(active=True) | OutcomeCategory.objects.filter(
            pk=instance.outcome_id or 0
        )
        # The 200 most recent calls (the service checks the school): a select, not a search box.
        recent = CallForService.objects.filter(status=CallForService.Status.ACTIVE).order_by("-occurred_at")
        self.fields["call"].queryset = (
            (
                CallForService.objects.filter(pk__in=recent.values("pk")[:200])
                | CallForService.objects.filter(pk=instance.call_id or 0)
            )
            .select_related("school")
            .order_by("-occurred_at")
        )
        self.fields["call"].label_from_instance = lambda c: f"{c.occurrence_number} — {c.school.name}"
        if not instance.pk:
            self.fields["assessed_on"].initial = timezone.localdate()
            if user.role == Role.OFFICER:
                self.fields["officers"].initial = [user.pk]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        scratch = copy.copy(self.instance)
        for name in ASSESSMENT_FIELDS:
            if name in cleaned:
                setattr(scratch, name, cleaned[name])
        try:
            assessment_validate(scratch, list(cleaned.get("officers") or []))
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return cleaned


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
