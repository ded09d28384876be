from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Partner
from csu.form_helpers import DATETIME_INPUT_FORMATS, DateInput, DateTimeInput, staff_queryset
from csu.locking import VersionedFormMixin, VersionField
from csu.submission import SubmissionKeyFormMixin

from .models import AwarenessWeek, AwarenessWeekOverride, Event


class EventForm(SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "type",
            "awareness_week",
            "starts_at",
            "ends_at",
            "location",
            "partners",
            "lead",
            "staff",
            "expected_attendance",
            "actual_attendance",
            "description",
            "outcome_notes",
            "status",
            "cancel_reason",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "partners": forms.CheckboxSelectMultiple,
            "staff": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = DATETIME_INPUT_FORMATS
        self.fields["lead"].queryset = staff_queryset()
        self.fields["staff"].queryset = staff_queryset()
        self.fields["partners"].queryset = Partner.objects.filter(active=True) | Partner.objects.filter(
            pk__in=self.instance.partners.all() if self.instance.pk else []
        )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if data.get("status") == Event.Status.CANCELLED and not (data.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Give the reason the event was cancelled."))
        return data


class WeekForm(forms.ModelForm):
    class Meta:
        model = AwarenessWeek
        fields = ["name_en", "name_fr", "description", "rule"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class OverrideForm(SubmissionKeyFormMixin, forms.ModelForm):
    class Meta:
        model = AwarenessWeekOverride
        fields = ["year", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}


class TokenRevokeForm(forms.Form):
    token_id = forms.IntegerField(widget=forms.HiddenInput)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    version = VersionField()
