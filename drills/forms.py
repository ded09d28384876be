import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from schools.models import Board, School, SchoolYear

from .models import Drill, DrillKind, DrillYearRule, FollowUpAction
from .selectors import Status
from .services import conducted_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NUMBER = {"inputmode": "numeric", "min": "0"}


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=1, **kwargs)


def _officer_choices():
    return User.objects.filter(role__in=[Role.OFFICER, Role.SUPERVISOR], is_active=True).order_by(
        "display_name", "username"
    )


class _LeadOfficerMixin:
    """Supervisors choose the lead officer; an officer always leads the drills they record."""

    def _setup_lead(self, user: User, initial_lead: User | None = None) -> None:
        if user.has_perm("drills.change_any_drill"):
            self.fields["lead_officer"] = forms.ModelChoiceField(
                label=_("Lead officer"), queryset=_officer_choices(), initial=initial_lead or user
            )
            self.order_fields(["school", "kind", "lead_officer"])


class DrillScheduleForm(_LeadOfficerMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.active())
    kind = forms.ModelChoiceField(label=_("Kind of drill"), queryset=DrillKind.objects.filter(active=True))
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    announced = forms.BooleanField(label=_("Announced to staff in advance"), required=False, initial=True)
    covering = forms.BooleanField(
        label=_("Covering"), required=False, help_text=_("Tick if you cover for the school's assigned officer.")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_lead(user)
        lockdown = DrillKind.objects.filter(code="lockdown").first()
        if lockdown and not self.initial.get("kind"):
            self.fields["kind"].initial = lockdown.pk


class DrillReportFormBase(forms.Form):
    """The conducted drill: date, start and end time on the phone, combined into aware datetimes."""

    date = forms.DateField(label=_("Date conducted"), widget=DATE)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME)
    end_time = forms.TimeField(label=_("End time"), widget=TIME)
    announced = forms.BooleanField(label=_("Announced to staff in advance"), required=False, initial=True)
    time_to_secure = forms.IntegerField(
        label=_("Time to secure (seconds)"),
        required=False,
        min_value=0,
        max_value=3 * 3600,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    students_count = forms.IntegerField(
        label=_("Students taking part (count)"),
        required=False,
        min_value=0,
        max_value=10000,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    staff_count = forms.IntegerField(
        label=_("Staff taking part (count)"),
        required=False,
        min_value=0,
        max_value=2000,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    problems_found = forms.CharField(
        label=_("Problems found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Doors that would not lock, rooms not secured, PA not heard… Never write students' names."),
    )
    debrief_notes = forms.CharField(label=_("Debrief notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Drill.Outcome.choices, widget=forms.RadioSelect)
    covering = forms.BooleanField(
        label=_("Covering"), required=False, help_text=_("Tick if you cover for the school's assigned officer.")
    )

    # Service error keys -> the field that shows them.
    error_fields = {"conducted_start": "start_time", "conducted_end": "end_time", "scheduled_for": "date"}

    def _combine(self, day: dt.date, time: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time))

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start:
            cleaned["conducted_start"] = self._combine(day, start)
        if day and end:
            cleaned["conducted_end"] = self._combine(day, end)
        if day and start and end:
            found = conducted_errors(start=cleaned["conducted_start"], end=cleaned["conducted_end"])
            for field, messages in found.items():
                for message in messages:
                    self.add_error(self.error_fields[field], message)
        if cleaned.get("outcome") == Drill.Outcome.FOLLOW_UP and not (cleaned.get("problems_found") or "").strip():
            self.add_error("problems_found", _("Describe the problems that need a follow-up."))
        return cleaned


class DrillLogForm(_LeadOfficerMixin, DrillReportFormBase):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.active())
    kind = forms.ModelChoiceField(label=_("Kind of drill"), queryset=DrillKind.objects.filter(active=True))

    field_order = ["school", "kind"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_lead(user)
        lockdown = DrillKind.objects.filter(code="lockdown").first()
        if lockdown and not self.initial.get("kind"):
            self.fields["kind"].initial = lockdown.pk
        self.fields["date"].initial = timezone.localdate()


class DrillCompleteForm(DrillReportFormBase):
    version = VersionField()


class DrillUpdateCompletedForm(DrillReportFormBase):
    kind = forms.ModelChoiceField(label=_("Kind of drill"), queryset=DrillKind.objects.all())
    version = VersionField()
    field_order = ["kind"]


class DrillUpdateScheduledForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of drill"), queryset=DrillKind.objects.all())
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    announced = forms.BooleanField(label=_("Announced to staff in advance"), required=False)
    covering = forms.BooleanField(label=_("Covering"), required=False)
    version = VersionField()
    error_fields: dict = {}


class DrillCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)
    version = VersionField()


class FollowUpActionForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class FollowUpResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DATE)
    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


class DrillKindForm(forms.ModelForm):
    class Meta:
        model = DrillKind
        fields = ["code", "name_en", "name_fr", "counts_toward_requirement", "active"]


class DrillYearRuleForm(forms.ModelForm):
    class Meta:
        model = DrillYearRule
        fields = [
            "starts_on",
            "ends_on",
            "fall_deadline",
            "required_by_fall",
            "spring_deadline",
            "required_lockdowns",
            "reminder_lead_days",
            "overdue_repeat_days",
            "unscheduled_warning_days",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "fall_deadline": DATE,
            "spring_deadline": DATE,
        }

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        fall, spring = cleaned.get("fall_deadline"), cleaned.get("spring_deadline")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("The school year must end after it starts."))
        if starts and fall and fall < starts:
            self.add_error("fall_deadline", _("The fall deadline must be inside the school year."))
        if fall and spring and spring <= fall:
            self.add_error("spring_deadline", _("The spring deadline must come after the fall deadline."))
        if spring and ends and spring > ends:
            self.add_error("spring_deadline", _("The spring deadline must be inside the school year."))
        by_fall, total = cleaned.get("required_by_fall"), cleaned.get("required_lockdowns")
        if by_fall is not None and total is not None and by_fall > total:
            self.add_error("required_by_fall", _("Cannot be more than the lockdowns required in the year."))
        return cleaned


def _year_choices():
    current = SchoolYear.current()
    return [(y, SchoolYear.label(y)) for y in range(current + 1, current - 4, -1)]


class ComplianceFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("School year"), coerce=int, required=False)
    officer = forms.ModelChoiceField(
        label=_("Officer"), required=False, queryset=User.objects.filter(role=Role.OFFICER).order_by("display_name")
    )
    board = forms.ModelChoiceField(label=_("Board"), required=False, queryset=Board.objects.all())
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "---------"), *[(s, Status.LABELS[s]) for s in Status.ORDER]]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices()
        self.fields["year"].initial = SchoolYear.current()
