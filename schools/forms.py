import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from csu.form_helpers import DATETIME_INPUT_FORMATS, DateInput, DateTimeInput, officer_queryset, school_picker
from csu.locking import VersionedFormMixin, VersionField
from csu.submission import SubmissionKeyFormMixin

from . import importer
from .models import Board, CallForService, School
from .services import BOARD_FIELDS, SCHOOL_FIELDS


class VersionedForm(SubmissionKeyFormMixin, VersionedFormMixin, forms.ModelForm):
    pass


class BoardForm(forms.ModelForm):
    class Meta:
        model = Board
        fields = BOARD_FIELDS


class SchoolForm(VersionedForm):
    class Meta:
        model = School
        fields = SCHOOL_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3}), "opened_on": DateInput}


class SchoolCloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput, initial=timezone.localdate)
    version = VersionField()


class TransferForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())
    start = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_queryset()


class BulkReassignForm(forms.Form):
    schools = forms.ModelMultipleChoiceField(
        label=_("Schools"), queryset=School.objects.active(), widget=forms.CheckboxSelectMultiple
    )
    officer = forms.ModelChoiceField(label=_("New officer"), queryset=User.objects.none())
    start = forms.DateField(label=_("From"), widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args, **kwargs):
        # The coverage page also has a filter form with an "officer" field: keep the element ids distinct.
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officer_queryset()


class CallForm(VersionedForm):
    class Meta:
        model = CallForService
        fields = [
            "school",
            "occurred_at",
            "category",
            "responding_officer",
            "occurrence_number",
            "summary",
            "outcome",
            "youth_related",
        ]
        widgets = {
            "occurred_at": DateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "summary": _("Short and non-identifying: never write a student's name."),
            "responding_officer": _("You, unless another officer responded."),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk and user is not None and user.is_officer and not self.is_bound:
            self.fields["responding_officer"].initial = user.pk
        self.fields["school"].queryset = School.objects.active()
        if self.instance.pk:  # a call stays valid if its school closes later
            self.fields["school"].queryset = School.objects.filter(pk=self.instance.school_id) | School.objects.active()
        school_picker(self.fields["school"], user)
        self.fields["responding_officer"].queryset = officer_queryset()
        self.fields["responding_officer"].required = False
        self.fields["occurred_at"].input_formats = DATETIME_INPUT_FORMATS
        if not self.instance.pk:
            self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self._init_outcome()

    def _init_outcome(self) -> None:
        """How the call ended: required on every new call (calls are recorded once dealt with) and on every call that
        has an outcome already; a call recorded before outcomes existed may be corrected without inventing one."""
        from .models import CallOutcome

        self.fields["outcome"].queryset = CallOutcome.objects.filter(active=True) | CallOutcome.objects.filter(
            pk=self.instance.outcome_id or 0
        )
        legacy = self.instance.pk and self.instance.outcome_id is None
        self.fields["outcome"].required = not legacy
        self.fields["youth_related"] = forms.TypedChoiceField(
            label=self.fields["youth_related"].label,
            help_text=self.fields["youth_related"].help_text,
            choices=[("True", _("Yes")), ("False", _("No"))],
            coerce=lambda v: v == "True",
            empty_value=None,
            required=not (legacy and self.instance.youth_related is None),
            widget=forms.RadioSelect,
            initial=None if self.instance.youth_related is None else str(self.instance.youth_related),
        )

    def clean_occurrence_number(self):
        from .services import occurrence_clash, occurrence_clash_message

        value = (self.cleaned_data.get("occurrence_number") or "").strip()
        clash = occurrence_clash(value, exclude_pk=self.instance.pk)
        if clash is not None:
            raise forms.ValidationError(occurrence_clash_message(clash), code="duplicate")
        return value

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("A call cannot be in the future."))
        return value


class CallVoidForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file"), help_text=_("UTF-8 CSV, at most 10 MB."))
    format = forms.ChoiceField(label=_("Layout"), choices=importer.FORMAT_CHOICES, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size).1f MB; the limit is %(limit)d MB.")
                % {"size": upload.size / 1024 / 1024, "limit": importer.MAX_BYTES // 1024 // 1024}
            )
        return upload
