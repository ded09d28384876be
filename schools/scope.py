"""Which schools the unit serves: one setting by board and category, set by a supervisor (with history), and
per-school exceptions on the school form (`School.scope_override`). The rule itself is `selectors.in_scope_q`.

Out-of-scope schools stay in the registry but count nowhere: compliance, reminders, dashboards, the report.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from csu.history import history_entries

from .models import Board, CategoryScope, School
from .selectors import category_scope


@transaction.atomic
def scope_update(*, boards: set[int], categories: set[str], by) -> bool:
    """Serve the schools of exactly these boards (ids) and categories (values); True when anything changed.

    Every change is a history row of the board or category, with the user."""
    changed_categories = False
    current = category_scope()
    for value, _label in School.Category.choices:
        wanted = value in categories
        if current[value] == wanted:
            continue
        row = CategoryScope.objects.filter(category=value).first() or CategoryScope(category=value)
        row.in_scope = wanted
        row._history_user = by
        row.save()
        changed_categories = True
    changed_boards = False
    for board in Board.objects.select_for_update().order_by("pk"):
        wanted = board.pk in boards
        if board.in_scope != wanted:
            changed_boards = True
            board.in_scope = wanted
            board._history_user = by
            board.save(update_fields=["in_scope"])
    return changed_categories or changed_boards


class ScopeForm(forms.Form):
    boards = forms.MultipleChoiceField(
        label=gettext_lazy("Boards whose schools the unit serves"), required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Categories of school the unit serves"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=School.Category.choices,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boards"].choices = [(str(b.pk), f"{b.code} — {b.name}") for b in Board.objects.order_by("code")]


class ScopeView(PermissionRequiredMixin, View):
    permission_required = "schools.change_categoryscope"

    def _initial(self) -> dict:
        return {
            "boards": [str(pk) for pk in Board.objects.filter(in_scope=True).values_list("pk", flat=True)],
            "categories": [value for value, served in category_scope().items() if served],
        }

    def _render(self, request, form):
        from .selectors import in_scope_q

        counts = School.objects.filter(active=True).aggregate(
            served=Count("pk", filter=in_scope_q()), total=Count("pk")
        )
        history = []
        for obj in [*Board.objects.order_by("code"), *CategoryScope.objects.order_by("category")]:
            for entry in history_entries(obj, limit=20):
                history.append({**entry, "subject": str(obj)})
        history.sort(key=lambda e: e["when"], reverse=True)
        exceptions = School.objects.exclude(scope_override="").select_related("board").order_by("name_en")
        context = {"form": form, "counts": counts, "history": history[:30], "exceptions": exceptions}
        return render(request, "schools/scope.html", context)

    def get(self, request):
        return self._render(request, ScopeForm(initial=self._initial()))

    def post(self, request):
        form = ScopeForm(request.POST)
        if not form.is_valid():
            return self._render(request, form)
        changed = scope_update(
            boards={int(pk) for pk in form.cleaned_data["boards"]},
            categories=set(form.cleaned_data["categories"]),
            by=request.user,
        )
        messages.success(request, _("Scope saved.") if changed else _("Nothing changed."))
        return redirect("schools:scope")
