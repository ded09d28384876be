"""Drill kinds and the year rules (dates, reminders, drills required per kind): the supervisors' settings."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext

from csu.form_helpers import apply_errors
from schools.models import SchoolYear

from . import services
from .forms import DrillKindForm, DrillYearRuleForm, requirement_formset
from .models import DrillKind, DrillYearRule
from .selectors import effective_requirements


@permission_required("drills.view_drillkind", raise_exception=True)
def drillkind_list(request):
    return render(request, "drills/drillkind_list.html", {"kinds": list(DrillKind.objects.all())})


@permission_required("drills.add_drillkind", raise_exception=True)
def drillkind_create(request):
    return _drillkind_form(request, DrillKind())


@permission_required("drills.change_drillkind", raise_exception=True)
def drillkind_update(request, pk: int):
    return _drillkind_form(request, get_object_or_404(DrillKind, pk=pk))


def _drillkind_form(request, kind: DrillKind):
    form = DrillKindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        kind = form.save(commit=False)
        kind._history_user = request.user
        kind.save()
        messages.success(request, gettext("Drill kind saved."))
        return redirect("drills:drillkind_list")
    title = gettext("Edit drill kind") if kind.pk else gettext("Add a drill kind")
    return render(request, "drills/simple_form.html", {"form": form, "title": title, "back": "drills:drillkind_list"})


@permission_required("drills.view_drillyearrule", raise_exception=True)
def drillyearrule_list(request):
    current = SchoolYear.current()
    saved = {r.school_year: r for r in DrillYearRule.objects.filter(school_year__range=(current - 3, current + 1))}
    rules = [
        {
            "rule": saved.get(y) or DrillYearRule.for_year(y),
            "saved": y in saved,
            "requirements": list(effective_requirements(y).values()),
        }
        for y in range(current + 1, current - 4, -1)
    ]
    return render(request, "drills/drillyearrule_list.html", {"rules": rules, "current": current})


@permission_required("drills.change_drillyearrule", raise_exception=True)
def drillyearrule_update(request, year: int):
    """A year's dates, reminders and drills required per kind: the rule and its rows are saved together or not at
    all (services.drillyearrule_save)."""
    if not 2000 <= year <= 2100:
        raise Http404
    rule = DrillYearRule.objects.filter(school_year=year).first()
    if rule is None and not request.user.has_perm("drills.add_drillyearrule"):
        raise Http404
    rule = rule or DrillYearRule.for_year(year)
    data = request.POST if request.method == "POST" else None
    form = DrillYearRuleForm(data, instance=rule)
    formset = requirement_formset(data, rule=rule)
    if data is not None and all([form.is_valid(), formset.is_valid()]):  # both validated: every error shows at once
        try:
            services.drillyearrule_save(
                user=request.user, rule=form.save(commit=False), requirements=formset.requirements()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, gettext("Drill rules saved for %(year)s.") % {"year": rule.label})
            return redirect("drills:drillyearrule_list")
    title = gettext("Drill rules for %(year)s") % {"year": SchoolYear.label(year)}
    return render(
        request,
        "drills/drillyearrule_form.html",
        {
            "form": form,
            "formset": formset,
            "title": title,
            "fall_deadline": rule.fall_deadline,
            "saved": rule.pk is not None,
            "error_count": len(form.errors) + formset.total_error_count(),
        },
    )
