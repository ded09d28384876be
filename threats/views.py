"""Pages of threat assessments. Thin: forms validate, services change data, selectors read.

Access (MFIPPA: only those who need a record for their duties): officers and supervisors see the assessments;
every other role gets a 404, as if the pages did not exist, unless THREATS_VISIBLE_TO_COORDINATOR gives the
coordinator read access (accounts.roles). Officers change the assessments they took part in or recorded (others'
are 404 to edit), supervisors any; a reader without a change permission gets 403 on a change page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from csu.history import history_entries
from csu.lists import FilteredListView
from csu.submission import create_once, submit_once
from schools.models import CallOutcome
from schools.views import apply_errors

from . import services
from .filters import AssessmentFilter
from .forms import AssessmentForm, VersionForm, VoidForm
from .models import BehaviourKind, OutcomeCategory, ThreatAssessment
from .selectors import assessment_detail, assessment_list_queryset

VIEW = "threats.view_threatassessment"


def _require_view(user) -> None:
    """Roles that must not know these records exist get a 404 (never a 403 that confirms them)."""
    if not user.has_perm(VIEW):
        raise Http404


def _require(user, permission: str) -> None:
    _require_view(user)
    if not user.has_perm(permission):
        raise PermissionDenied


def can_edit(user, assessment: ThreatAssessment) -> bool:
    if not user.has_perm("threats.change_threatassessment"):
        return False
    if user.has_perm("threats.change_any_threatassessment"):
        return True
    return assessment.created_by_id == user.pk or any(o.pk == user.pk for o in assessment.officers.all())


def _for_edit(request, pk: int) -> ThreatAssessment:
    _require(request.user, "threats.change_threatassessment")
    try:
        assessment = assessment_detail(pk)
    except ThreatAssessment.DoesNotExist:
        raise Http404 from None
    if not can_edit(request.user, assessment):
        raise Http404
    return assessment


def _officer_names(assessment) -> str:
    return ", ".join(str(o) for o in assessment.officers.all())


class AssessmentListView(FilteredListView):
    model = ThreatAssessment
    filterset_class = AssessmentFilter
    permission_required = VIEW
    template_name = "threats/threatassessment_list.html"
    sort_fields = {
        "date": "assessed_on",
        "school": "school__name_en",
        "stage": "stage",
        "follow_up": "follow_up_on",
    }
    default_sort = "-date"
    csv_filename = "threat-assessments.csv"
    csv_columns = [
        (gettext_lazy("Date"), lambda a: a.assessed_on),
        (gettext_lazy("School"), lambda a: a.school.name_en),
        (gettext_lazy("School level"), lambda a: a.school.get_category_display()),
        (gettext_lazy("Stage"), lambda a: a.get_stage_display()),
        (gettext_lazy("Kind of behaviour"), lambda a: a.behaviour.name),
        (gettext_lazy("Outcome"), lambda a: a.outcome.name),
        (gettext_lazy("Grade band"), lambda a: a.get_grade_band_display()),
        (gettext_lazy("Officers involved"), _officer_names),
        (gettext_lazy("Follow-up date"), lambda a: a.follow_up_on),
        (gettext_lazy("Follow-up done"), lambda a: _("Yes") if a.follow_up_done else _("No")),
        (gettext_lazy("Call for service"), lambda a: a.call.occurrence_number if a.call_id else ""),
        (gettext_lazy("Status"), lambda a: a.get_status_display()),
    ]

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()

    def get_base_queryset(self):
        return assessment_list_queryset()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": timezone.localdate()}

    def export_csv(self, queryset):
        # The CSV's iterator() does not prefetch: fetch the officers with the rows instead (one query per chunk).
        return super().export_csv(queryset.prefetch_related(None).prefetch_related("officers"))


def threatassessment_detail(request, pk: int):
    _require_view(request.user)
    try:
        assessment = assessment_detail(pk)
    except ThreatAssessment.DoesNotExist:
        raise Http404 from None
    context = {
        "assessment": assessment,
        "can_edit": can_edit(request.user, assessment),
        "history_entries": history_entries(assessment),
        "today": timezone.localdate(),
        "version_form": VersionForm(initial={"version": assessment.version}),
    }
    return render(request, "threats/threatassessment_detail.html", context)


def _save_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.ASSESSMENT_FIELDS}


@submit_once
def threatassessment_create(request):
    _require(request.user, "threats.add_threatassessment")
    initial = {}
    for name in ("school", "call"):
        value = request.GET.get(name, "")
        if value.isdigit():
            initial[name] = value
    form = AssessmentForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = create_once(
                request,
                form,
                lambda: services.assessment_create(
                    by=request.user, officers=form.cleaned_data["officers"], **_save_fields(form)
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Threat assessment recorded."))
            return redirect("threats:threatassessment_detail", pk=assessment.pk)
    return render(
        request, "threats/threatassessment_form.html", {"form": form, "title": _("Record a threat assessment")}
    )


def threatassessment_update(request, pk: int):
    assessment = _for_edit(request, pk)
    form = AssessmentForm(request.POST or None, instance=assessment, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_update(
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                officers=form.cleaned_data["officers"],
                **_save_fields(form),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Threat assessment saved."))
            return redirect("threats:threatassessment_detail", pk=assessment.pk)
    context = {"form": form, "assessment": assessment, "title": _("Edit threat assessment")}
    return render(request, "threats/threatassessment_form.html", context)


def threatassessment_void(request, pk: int):
    assessment = _for_edit(request, pk)
    form = VoidForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_void(
                assessment=assessment,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Assessment voided. It stays on record with its reason."))
            return redirect("threats:threatassessment_detail", pk=assessment.pk)
    return render(request, "threats/threatassessment_void.html", {"form": form, "assessment": assessment})


@require_POST
def threatassessment_follow_up_done(request, pk: int):
    assessment = _for_edit(request, pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Reload the page and try again."))
        services.assessment_follow_up_done(
            assessment=assessment, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Follow-up marked done."))
    return redirect("threats:threatassessment_detail", pk=assessment.pk)


# --- The editable lists (supervisors) -------------------------------------------------------------------

LISTS = {
    "behaviour": (BehaviourKind, gettext_lazy("Kinds of behaviour")),
    "outcome": (OutcomeCategory, gettext_lazy("Outcome categories")),
    "call-outcome": (CallOutcome, gettext_lazy("How calls end")),
}


class ListEntryForm(forms.ModelForm):
    class Meta:
        model = BehaviourKind
        fields = ["code", "name_en", "name_fr", "position", "active"]


def listentry_list(request):
    _require_view(request.user)
    user = request.user
    lists = [
        {
            "key": key,
            "title": title,
            "entries": list(model.objects.all()),
            "can_add": user.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}"),
            "can_change": user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}"),
            "charges": model is CallOutcome,
            "add_url": reverse(f"threats:{model._meta.model_name}_create"),
            "update_name": f"threats:{model._meta.model_name}_update",
        }
        for key, (model, title) in LISTS.items()
    ]
    return render(request, "threats/listentry_list.html", {"lists": lists})


def _list_model(kind: str) -> type[models.Model]:
    if kind not in LISTS:
        raise Http404
    return LISTS[kind][0]


def listentry_create(request, kind: str):
    model = _list_model(kind)
    _require(request.user, f"{model._meta.app_label}.add_{model._meta.model_name}")
    return _listentry_form(request, model())


def listentry_update(request, kind: str, pk: int):
    model = _list_model(kind)
    _require(request.user, f"{model._meta.app_label}.change_{model._meta.model_name}")
    return _listentry_form(request, get_object_or_404(model, pk=pk))


def _listentry_form(request, entry):
    fields = [*ListEntryForm.Meta.fields, *(["counts_as_charge"] if isinstance(entry, CallOutcome) else [])]
    form_class = forms.modelform_factory(type(entry), form=ListEntryForm, fields=fields)
    form = form_class(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry._history_user = request.user
        entry.save()
        messages.success(request, _("List entry saved."))
        return redirect("threats:listentry_list")
    title = (
        _("Edit “%(name)s”") % {"name": entry.name}
        if entry.pk
        else _("Add to “%(list)s”") % {"list": entry._meta.verbose_name_plural}
    )
    return render(request, "drills/simple_form.html", {"form": form, "title": title, "back": "threats:listentry_list"})
