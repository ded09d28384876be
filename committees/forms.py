from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from csu.form_helpers import DATETIME_INPUT_FORMATS, DateInput, DateTimeInput, apply_errors, staff_queryset
from csu.locking import VersionedFormMixin, VersionField
from csu.submission import SubmissionKeyFormMixin

from .models import ActionItem, Committee, Meeting, MeetingAttachment, Partner, Representation

__all__ = ["apply_errors", "staff_queryset"]  # re-exported for the views


class VersionedModelForm(SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    pass


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PartnerForm(VersionedModelForm):
    class Meta:
        formfield_callback = _https_urls
        model = Partner
        fields = ["name", "type", "contact_name", "email", "phone", "website", "address", "notes", "active"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 3})}


class CommitteeForm(VersionedModelForm):
    class Meta:
        model = Committee
        fields = [
            "name",
            "purpose",
            "partners",
            "pillar",
            "cswb_area",
            "meeting_cadence",
            "active_from",
            "active_to",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
            "active_from": DateInput(),
            "active_to": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Partner.objects.filter(active=True) | Partner.objects.filter(
            pk__in=self.instance.partners.all() if self.instance.pk else []
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("active_from"), data.get("active_to")
        if start and end and end < start:
            self.add_error("active_to", _("The end must be on or after the start."))
        return data


class RepresentationForm(SubmissionKeyFormMixin, forms.ModelForm):
    class Meta:
        model = Representation
        fields = ["staff", "role", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_queryset()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end must be on or after the start."))
        return data


class MeetingForm(VersionedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "committee",
            "starts_at",
            "location",
            "attendees",
            "partners_present",
            "status",
            "cancel_reason",
            "notes",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "attendees": forms.CheckboxSelectMultiple,
            "partners_present": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff_queryset()
        self.fields["partners_present"].queryset = Partner.objects.order_by("name")
        self.fields["starts_at"].input_formats = DATETIME_INPUT_FORMATS
        if self.instance.pk:
            self.fields["committee"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("status") == Meeting.Status.CANCELLED and not (data.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Give the reason the meeting was cancelled."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    version = VersionField()


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, PNG or JPEG; at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.doc,.xls,.png,.jpg,.jpeg"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingAttachment.Kind.choices)


class ActionItemForm(VersionedModelForm):
    class Meta:
        model = ActionItem
        fields = ["committee", "meeting", "description", "owner", "owner_text", "opened_on", "due_on", "closed_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "opened_on": DateInput(),
            "due_on": DateInput(),
            "closed_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_queryset()
        self.fields["opened_on"].required = False  # empty: today, the day it is typed in
        self.fields["meeting"].queryset = Meeting.objects.select_related("committee").order_by("-starts_at")
        committee_id = self.initial.get("committee") or (self.instance.committee_id if self.instance.pk else None)
        if committee_id:
            self.fields["meeting"].queryset = self.fields["meeting"].queryset.filter(committee_id=committee_id)

    def clean(self):
        data = super().clean()
        if data.get("owner") and (data.get("owner_text") or "").strip():
            self.add_error("owner_text", _("Choose a staff member or type another owner, not both."))
        meeting, committee = data.get("meeting"), data.get("committee")
        if meeting and committee and meeting.committee_id != committee.pk:
            self.add_error("meeting", _("The meeting belongs to another committee."))
        if not data.get("opened_on") and "opened_on" not in self.errors:
            data["opened_on"] = timezone.localdate()
        opened, closed = data.get("opened_on"), data.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("An action item cannot be closed before it was opened."))
        return data


NON_FIELD = NON_FIELD_ERRORS
