from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import VersionedModelForm
from committees.models import Partner
from csu.form_helpers import DateInput, DateTimeInput

from .models import Factor, Review, Situation, SituationTable, TableMeeting, Weekday
from .validators import SHORT_TEXT_MAX, SHORT_TEXT_VALIDATORS, WARNING

DATE, DATETIME = DateInput(), DateTimeInput()

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def active_partners(instance_ids=()):
    return Partner.objects.filter(active=True) | Partner.objects.filter(pk__in=list(instance_ids))


class FactorChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.category} — {obj.label}"


def short_text_field(label, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=SHORT_TEXT_MAX,
        required=False,
        validators=SHORT_TEXT_VALIDATORS,
        help_text=WARNING,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": SHORT_TEXT_MAX}),
        **kwargs,
    )


class TableForm(VersionedModelForm):
    meeting_days = forms.MultipleChoiceField(
        label=_("Meeting days"), choices=Weekday.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = SituationTable
        fields = ["name", "host", "committee", "agencies", "cadence", "meeting_days", "active_from", "active_to"]
        widgets = {"agencies": forms.CheckboxSelectMultiple, "active_from": DATE, "active_to": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.agencies.values_list("pk", flat=True) if self.instance.pk else []
        self.fields["agencies"].queryset = active_partners(current).order_by("name")
        self.fields["host"].queryset = Partner.objects.order_by("name")

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", _("The end must be on or after the start."))
        return data


class MeetingForm(VersionedModelForm):
    class Meta:
        model = TableMeeting
        fields = ["starts_at", "agencies_present"]
        widgets = {"starts_at": DATETIME, "agencies_present": forms.CheckboxSelectMultiple}

    def __init__(self, *args, table: SituationTable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = DATETIME_FORMATS
        self.fields["agencies_present"].queryset = table.agencies.order_by("name")
        self.fields["agencies_present"].help_text = _("Member agencies of the table that attended.")


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=SHORT_TEXT_MAX, validators=SHORT_TEXT_VALIDATORS, help_text=WARNING
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class BringForm(VersionedModelForm):
    """Filter 1: the originating agency brings the situation."""

    class Meta:
        model = Situation
        fields = ["table", "originating_agency", "brought_on", "kind", "age_group", "gender"]
        widgets = {"brought_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = SituationTable.objects.filter(active_to__isnull=True).order_by("name")
        self.fields["originating_agency"].queryset = Partner.objects.order_by("name")
        if self.instance.pk:
            self.fields["table"].disabled = True


class PresentForm(forms.Form):
    """Filter 2: presented de-identified; the table decides on the threshold."""

    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=TableMeeting.objects.none())
    threshold_met = forms.TypedChoiceField(
        label=_("Threshold of acutely elevated risk met?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    not_met_reason = forms.ChoiceField(
        label=_("If not: why"), choices=[("", "—"), *Situation.NotMetReason.choices], required=False
    )
    not_met_note = short_text_field(_("Brief note on the decision"))
    risk_factors = FactorChoiceField(
        label=_("Risk factors"),
        queryset=Factor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When the threshold is met: the risk factors of the standard list that apply."),
    )
    protective_factors = FactorChoiceField(
        label=_("Protective factors"),
        queryset=Factor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, situation: Situation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = situation.table.meetings.filter(voided_at__isnull=True).order_by("-starts_at")
        self.fields["risk_factors"].queryset = Factor.objects.filter(kind=Factor.Kind.RISK, active=True)
        self.fields["protective_factors"].queryset = Factor.objects.filter(kind=Factor.Kind.PROTECTIVE, active=True)

    def clean(self):
        data = super().clean()
        if data.get("threshold_met") is False and not data.get("not_met_reason"):
            self.add_error("not_met_reason", _("Say briefly why the threshold was not met."))
        if data.get("threshold_met") is True and not data.get("risk_factors"):
            self.add_error("risk_factors", _("Choose at least one risk factor."))
        return data


class AssignForm(forms.Form):
    """Filter 3: the lead agency and the assisting agencies."""

    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Partner.objects.none())
    assisting_agencies = forms.ModelMultipleChoiceField(
        label=_("Assisting agencies"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, situation: Situation, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = situation.table.agencies.order_by("name")
        self.fields["lead_agency"].queryset = agencies
        self.fields["assisting_agencies"].queryset = agencies

    def clean(self):
        data = super().clean()
        lead = data.get("lead_agency")
        if lead and lead in (data.get("assisting_agencies") or []):
            self.add_error("assisting_agencies", _("The lead agency cannot also be an assisting agency."))
        return data


class RespondForm(forms.Form):
    """Filter 4: the first response."""

    first_response_at = forms.DateTimeField(label=_("First response"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    services_mobilized = forms.MultipleChoiceField(
        label=_("Services mobilized"),
        choices=Situation.Service.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["meeting", "outcome", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "maxlength": SHORT_TEXT_MAX})}
        help_texts = {"note": WARNING}

    def __init__(self, *args, situation: Situation, **kwargs):
        super().__init__(*args, **kwargs)
        qs = situation.table.meetings.filter(voided_at__isnull=True).order_by("-starts_at")
        if situation.presented_at_id:
            qs = qs.filter(starts_at__gt=situation.presented_at.starts_at)
        self.fields["meeting"].queryset = qs


class ConcludeForm(forms.Form):
    concluded_on = forms.DateField(label=_("Concluded on"), widget=DATE)
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Situation.Conclusion.choices)
    note = short_text_field(_("Note on the conclusion"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StatisticsForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)
    table = forms.ModelChoiceField(
        label=_("Table"), queryset=SituationTable.objects.order_by("name"), required=False, empty_label=_("All tables")
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must be on or after the start."))
        return data
