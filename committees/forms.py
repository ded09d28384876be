from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import ActionItem, Committee, Meeting, MeetingAttachment, Partner, Representation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def staff_queryset():
    return User.objects.filter(is_active=True).exclude(role="").order_by("display_name", "username")


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (or at the top when the form lacks one)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


class VersionedModelForm(forms.ModelForm):
    """Carries the record's version so that a save over someone else's change is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if self.instance.pk else None


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
            "active_from": DATE,
            "active_to": DATE,
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


class RepresentationForm(forms.ModelForm):
    class Meta:
        model = Representation
        fields = ["staff", "role", "start", "end"]
        widgets = {"start": DATE, "end": DATE}

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
            "starts_at": DATETIME,
            "attendees": forms.CheckboxSelectMultiple,
            "partners_present": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = staff_queryset()
        self.fields["partners_present"].queryset = Partner.objects.order_by("name")
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if self.instance.pk:
            self.fields["committee"].disabled = True

    def clean(self):
        data = super().clean()
        if data.get("status") == Meeting.Status.CANCELLED and not (data.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Give the reason the meeting was cancelled."))
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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
            "opened_on": DATE,
            "due_on": DATE,
            "closed_on": DATE,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_queryset()
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
        opened, closed = data.get("opened_on"), data.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("An action item cannot be closed before it was opened."))
        return data


NON_FIELD = NON_FIELD_ERRORS
