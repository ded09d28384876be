from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import School

from .models import Hold


class HoldForm(forms.ModelForm):
    class Meta:
        model = Hold
        fields = ["reference", "reason", "kind", "school", "records_from", "records_until", "placed_on"]
        widgets = {
            "records_from": forms.DateInput(attrs={"type": "date"}),
            "records_until": forms.DateInput(attrs={"type": "date"}),
            "placed_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.order_by("name_en")
        self.fields["school"].help_text = _("Empty: every school.")

    def clean(self):
        data = super().clean()
        first, last = data.get("records_from"), data.get("records_until")
        if first and last and first > last:
            self.add_error("records_until", _("The end date is before the start date."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
