from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DATE, DATETIME, VersionedModelForm, staff_queryset
from committees.models import Partner

from .models import AwarenessWeek, AwarenessWeekOverride, Event


class EventForm(VersionedModelForm):
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
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "partners": forms.CheckboxSelectMultiple,
            "staff": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
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


class OverrideForm(forms.ModelForm):
    class Meta:
        model = AwarenessWeekOverride
        fields = ["year", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class TokenRevokeForm(forms.Form):
    token_id = forms.IntegerField(widget=forms.HiddenInput)
