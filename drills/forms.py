import datetime as dt

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from csu.form_helpers import DateInput, DateTimeInput, TimeInput, officer_queryset, school_picker
from csu.locking import VersionField
from csu.submission import SubmissionKeyFormMixin
from schools.models import Board, School, SchoolYear

from .models import Drill, DrillKind, DrillRequirement, DrillYearRule, FollowUpAction
from .selectors import Requirement, Status
from .services import conducted_errors

NUMBER = {"inputmode": "numeric", "min": "0"}


class _LeadOfficerMixin:
    """Supervisors choose the lead officer; an officer always leads the drills they record."""

    def _setup_lead(self, user: User, initial_lead: User | None = None) -> None:
        if user.has_perm("drills.change_any_drill"):
            self.fields["lead_officer"] = forms.ModelChoiceField(
                label=_("Lead officer"), queryset=officer_queryset(with_supervisors=True), initial=initial_lead or user
            )
            self.order_fields(["school", "kind", "lead_officer"])


class DrillScheduleForm(SubmissionKeyFormMixin, _LeadOfficerMixin, forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.active())
    kind = forms.ModelChoiceField(label=_("Kind of drill"), queryset=DrillKind.objects.filter(active=True))
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    announced = forms.BooleanField(label=_("Announced to staff in advance"), required=False, initial=True)
    covering = forms.BooleanField(
        label=_("Covering"), required=False, help_text=_("Tick if you cover for the school's assigned officer.")
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_lead(user)
        school_picker(self.fields["school"], user)
        lockdown = DrillKind.objects.filter(code="lockdown").first()
        if lockdown and not self.initial.get("kind"):
            self.fields["kind"].initial = lockdown.pk


class DrillReportFormBase(forms.Form):
    """The conducted drill: date, start and end time on the phone, combined into aware datetimes."""

    date = forms.DateField(label=_("Date conducted"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())
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
    # Left empty (a form from before these fields, or a client that does not send them): the usual case.
    police_role = forms.ChoiceField(
        label=_("Police role"),
        choices=Drill.PoliceRole.choices,
        initial=Drill.PoliceRole.LED,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("A drill the school led counts toward the year's requirement all the same."),
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"), choices=Drill.TimeOfDay.choices, initial=Drill.TimeOfDay.CLASS, required=False
    )

    def clean_police_role(self):
        return self.cleaned_data.get("police_role") or Drill.PoliceRole.LED

    def clean_time_of_day(self):
        return self.cleaned_data.get("time_of_day") or Drill.TimeOfDay.CLASS

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


class DrillLogForm(SubmissionKeyFormMixin, _LeadOfficerMixin, DrillReportFormBase):
    school = forms.ModelChoiceField(label=_("School"), queryset=School.objects.active())
    kind = forms.ModelChoiceField(label=_("Kind of drill"), queryset=DrillKind.objects.filter(active=True))

    field_order = ["school", "kind"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_lead(user)
        school_picker(self.fields["school"], user)
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
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    announced = forms.BooleanField(label=_("Announced to staff in advance"), required=False)
    covering = forms.BooleanField(label=_("Covering"), required=False)
    version = VersionField()
    error_fields: dict = {}


class DrillCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)
    version = VersionField()


class FollowUpActionForm(SubmissionKeyFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}


class FollowUpResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DateInput())
    resolution = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


BY_FALL_TOO_MANY = _("Cannot be more than the drills required in the year.")
MAX_REQUIRED = 20  # drills of one kind a school could be asked to hold in a year; more is a typing slip


class DrillKindForm(forms.ModelForm):
    class Meta:
        model = DrillKind
        fields = ["code", "name_en", "name_fr", "required_per_year", "required_by_fall", "active"]
        widgets = {
            "required_per_year": forms.NumberInput(attrs={**NUMBER, "max": str(MAX_REQUIRED)}),
            "required_by_fall": forms.NumberInput(attrs={**NUMBER, "max": str(MAX_REQUIRED)}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("required_per_year", "required_by_fall"):
            self.fields[name].max_value = MAX_REQUIRED
            self.fields[name].validators.append(MaxValueValidator(MAX_REQUIRED))

    def clean(self):
        cleaned = super().clean()
        by_fall, total = cleaned.get("required_by_fall"), cleaned.get("required_per_year")
        if by_fall is not None and total is not None and by_fall > total:
            self.add_error("required_by_fall", BY_FALL_TOO_MANY)
        return cleaned


class DrillYearRuleForm(forms.ModelForm):
    class Meta:
        model = DrillYearRule
        fields = [
            "starts_on",
            "ends_on",
            "fall_deadline",
            "spring_deadline",
            "reminder_lead_days",
            "overdue_repeat_days",
            "unscheduled_warning_days",
            "require_unannounced",
            "require_outside_class",
            "require_bomb_threat",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "fall_deadline": DateInput(),
            "spring_deadline": DateInput(),
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
        return cleaned


class DrillRequirementForm(forms.Form):
    """One kind's row of a year's rules; the kind is fixed by the row's position (the hidden id only checks it)."""

    kind = forms.IntegerField(widget=forms.HiddenInput)
    required = forms.IntegerField(
        min_value=0, max_value=MAX_REQUIRED, widget=forms.NumberInput(attrs={**NUMBER, "max": str(MAX_REQUIRED)})
    )
    required_by_fall = forms.IntegerField(
        min_value=0, max_value=MAX_REQUIRED, widget=forms.NumberInput(attrs={**NUMBER, "max": str(MAX_REQUIRED)})
    )

    def __init__(self, *args, kind: DrillKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        # Visible labels that name the kind: a screen reader user knows which kind each number belongs to.
        self.fields["kind"].label = _("Kind of drill")
        self.fields["required"].label = _("%(kind)s: drills required in the year") % {"kind": kind.name}
        self.fields["required_by_fall"].label = _("%(kind)s: of which by the fall deadline") % {"kind": kind.name}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") is not None and cleaned["kind"] != self.kind.pk:
            raise forms.ValidationError(
                _("The kinds of drill changed while you were editing. Reload the page and enter the numbers again."),
                code="stale",
            )
        by_fall, total = cleaned.get("required_by_fall"), cleaned.get("required")
        if by_fall is not None and total is not None and by_fall > total:
            self.add_error("required_by_fall", BY_FALL_TOO_MANY)
        return cleaned


class BaseRequirementFormSet(forms.BaseFormSet):
    """One form per kind in `kinds`, whatever the management form says (a different count means the page is stale)."""

    def __init__(self, *args, kinds: list[DrillKind], **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.kinds)

    def initial_form_count(self):
        return len(self.kinds)  # never "extra": an untouched row is validated and saved like the others

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "kind": self.kinds[index]}

    def clean(self):
        if not self.management_form.is_valid():
            return  # Django already reports the missing management form
        if self.management_form.cleaned_data["TOTAL_FORMS"] != len(self.kinds):
            raise forms.ValidationError(
                _("The kinds of drill changed while you were editing. Reload the page and enter the numbers again."),
                code="stale",
            )

    def requirements(self) -> list[Requirement]:
        """The rows as entered (zeros included); only once the formset is valid."""
        return [
            Requirement(
                kind=form.kind,
                required=form.cleaned_data["required"],
                required_by_fall=form.cleaned_data["required_by_fall"],
            )
            for form in self.forms
        ]


RequirementFormSet = forms.formset_factory(DrillRequirementForm, formset=BaseRequirementFormSet, extra=0)


def requirement_formset(data, *, rule: DrillYearRule) -> BaseRequirementFormSet:
    """The requirement rows of a year's rule form: every active kind, plus any inactive kind the saved rule has a
    row for; prefilled with the saved rows, else the kinds' defaults. 2 queries (1 for an unsaved rule)."""
    saved = {r.kind_id: r for r in DrillRequirement.objects.filter(rule=rule)} if rule.pk else {}
    kinds = list(DrillKind.objects.filter(Q(active=True) | Q(pk__in=list(saved))))
    initial = []
    for kind in kinds:
        row = saved.get(kind.pk)
        required = row.required if row else kind.required_per_year
        by_fall = row.required_by_fall if row else kind.required_by_fall
        initial.append({"kind": kind.pk, "required": required, "required_by_fall": by_fall})
    return RequirementFormSet(data, initial=initial, kinds=kinds, prefix="requirements")


def _year_choices():
    current = SchoolYear.current()
    # From the current year back: a year that has not begun has nothing to show on the board.
    return [(y, SchoolYear.label(y)) for y in range(current, current - 5, -1)]


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


class TermPlanForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of drill"), queryset=DrillKind.objects.filter(active=True))
    everyone = forms.BooleanField(
        label=_("Every school in the unit"), required=False, help_text=_("Otherwise only your own schools.")
    )
    weeks = forms.CharField(
        label=_("Weeks"),
        help_text=_("One date in each week to use, separated by commas, e.g. 2026-10-05, 2026-10-19."),
    )
    at = forms.TimeField(label=_("Time"), initial=dt.time(10, 0), widget=TimeInput())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.has_perm("drills.change_any_drill"):
            del self.fields["everyone"]
        lockdown = DrillKind.objects.filter(code="lockdown").first()
        if lockdown:
            self.fields["kind"].initial = lockdown.pk

    def clean_weeks(self):
        found = []
        for part in self.cleaned_data["weeks"].replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                found.append(dt.date.fromisoformat(part))
            except ValueError:
                raise forms.ValidationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": part}) from None
        if not found:
            raise forms.ValidationError(_("Give at least one week."))
        if len(found) > 12:
            raise forms.ValidationError(_("Twelve weeks at most."))
        return found
