"""Forms validate everything (field by field, then the service's rules) so that messages sit next to the field."""

from __future__ import annotations

import copy
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from schools.models import School, SchoolYear

from . import services
from .models import ClassSeries, PatrolYear, Placement, PresentationRequest, Program, ProgramRevision, Session


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to the field it names when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def staff_members():
    return User.objects.filter(is_active=True).exclude(role="").order_by("display_name", "username")


def officers():
    return User.objects.filter(is_active=True, role=Role.OFFICER).order_by("display_name", "username")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VersionedModelForm(forms.ModelForm):
    """Carries the record's version (optimistic locking) and runs the service's rules in clean()."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    validator = None  # the service's `<entity>_validate(instance)`

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]

    def clean(self):
        cleaned = super().clean()
        if self.validator is None or self.errors:
            return cleaned
        scratch = copy.copy(self.instance)
        for name, value in cleaned.items():
            field = self.fields.get(name)
            if name in self._meta.fields and not isinstance(field, forms.ModelMultipleChoiceField):
                setattr(scratch, name, value)
        try:
            type(self).validator(scratch)
        except ValidationError as exc:
            apply_errors(self, exc)
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


class ProgramForm(VersionedModelForm):
    validator = services.program_validate

    class Meta:
        model = Program
        fields = list(services.PROGRAM_FIELDS)
        widgets = {"available_from": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}


class ProgramRevisionForm(forms.ModelForm):
    class Meta:
        model = ProgramRevision
        fields = ["revised_on", "summary"]
        widgets = {"revised_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}


class ClassSeriesForm(VersionedModelForm):
    validator = services.class_series_validate

    class Meta:
        model = ClassSeries
        fields = list(services.SERIES_FIELDS)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(active=True, sessions_max__gte=2)
        self.fields["school"].queryset = School.objects.active()
        self.fields["officer"].queryset = officers()
        if not self.instance.pk:
            self.fields["school_year"].initial = SchoolYear.current()
            if user is not None and user.role == Role.OFFICER:
                self.fields["officer"].initial = user.pk


class SessionForm(VersionedModelForm):
    validator = services.session_validate
    officers = forms.ModelMultipleChoiceField(
        label=_("Other officers present"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("You are always recorded as one of the officers."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = list(services.SESSION_FIELDS)
        widgets = {
            "starts_at": DateTimeInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "audience_count": forms.NumberInput(attrs={"min": 0, "max": 2000, "inputmode": "numeric"}),
            "length_minutes": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["officers"].queryset = officers().exclude(pk=user.pk)
        self.fields["program"].queryset = Program.objects.filter(active=True) | Program.objects.filter(
            pk=self.instance.program_id or 0
        )
        self.fields["school"].queryset = School.objects.active()
        series = ClassSeries.objects.select_related("program", "school").filter(
            school_year__gte=SchoolYear.current() - 1
        )
        if user.role == Role.OFFICER:
            series = series.filter(officer=user)
        if self.instance.series_id:
            series = series | ClassSeries.objects.filter(pk=self.instance.series_id)
        self.fields["series"].queryset = series.order_by("-school_year", "program__code", "class_label")
        self.fields["session_number"].help_text = _("Leave empty for the next session of the series.")
        if self.instance.pk:
            self.fields["officers"].initial = [o.pk for o in self.instance.officers.all() if o.pk != user.pk]


class VoidForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for voiding"), max_length=300)


class PresentationRequestForm(VersionedModelForm):
    validator = services.presentation_request_validate

    class Meta:
        model = PresentationRequest
        fields = list(services.REQUEST_FIELDS)
        widgets = {
            "received_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.active()
        self.fields["program"].queryset = Program.objects.filter(active=True)
        if not self.instance.pk:
            self.fields["received_on"].initial = timezone.localdate()


class ScheduleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none())
    scheduled_for = forms.DateField(label=_("Date"), widget=DateInput())
    scheduled_time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers()


DELIVERY_WINDOW_DAYS = 14


class DeliverForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    session = forms.ModelChoiceField(label=_("Session delivered"), queryset=Session.objects.none())

    def __init__(self, *args, request_obj: PresentationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        # Sessions of the assigned officer in the year after the request, not yet linked to another request: a
        # short list (no slicing: the field must be able to look the chosen session up in this queryset).
        # Only sessions that can be this presentation: same school (or organisation), same program, held within
        # two weeks of the date booked (or in the year after the request when no date was booked).
        if request_obj.scheduled_for:
            around = (
                request_obj.scheduled_for - dt.timedelta(days=DELIVERY_WINDOW_DAYS),
                request_obj.scheduled_for + dt.timedelta(days=DELIVERY_WINDOW_DAYS),
            )
        else:
            around = (request_obj.received_on, request_obj.received_on + dt.timedelta(days=366))
        sessions = (
            Session.objects.active()
            .filter(starts_at__date__range=around, presentation_request__isnull=True)
            .select_related("program", "school")
            .order_by("-starts_at")
        )
        if request_obj.school_id:
            sessions = sessions.filter(school_id=request_obj.school_id)
        elif request_obj.organisation:
            sessions = sessions.filter(organisation__iexact=request_obj.organisation)
        if request_obj.program_id:
            sessions = sessions.filter(program_id=request_obj.program_id)
        if request_obj.assigned_officer_id:
            sessions = sessions.filter(
                pk__in=Session.officers.through.objects.filter(user=request_obj.assigned_officer_id).values(
                    "session_id"
                )
            )
        self.fields["session"].queryset = sessions
        self.fields["session"].help_text = _(
            "Sessions at the same school or organisation, of the same program, within two weeks of the date booked. "
            "Not listed? Log the session first."
        )


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason declined"), max_length=300)


class PatrolYearForm(VersionedModelForm):
    validator = services.patrol_year_validate

    class Meta:
        model = PatrolYear
        fields = list(services.PATROL_FIELDS)
        widgets = {"training_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = School.objects.active()
        if not self.instance.pk:
            self.fields["school_year"].initial = SchoolYear.current()


class PlacementForm(VersionedModelForm):
    validator = services.placement_validate

    class Meta:
        model = Placement
        fields = list(services.PLACEMENT_FIELDS)
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "retain_until": DateInput(),
            "project_summary": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = staff_members()
        self.fields["retain_until"].required = False
        self.fields["student_name"].required = True
        self.fields["consent_confirmed"].required = True
