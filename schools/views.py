"""Pages of the schools app. Thin: forms validate, services change data, selectors/querysets read."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.models import Role, User
from csu import cache
from csu.access import readable
from csu.collation import shown_name
from csu.form_helpers import apply_errors, officer_queryset
from csu.history import history_entries
from csu.lists import FilteredListView
from csu.registry import app_modules, keep_markup
from csu.submission import create_once, submit_once

from . import importer, services
from .filters import CoverageFilter, SchoolFilter
from .forms import (
    BoardForm,
    BulkReassignForm,
    ImportUploadForm,
    SchoolCloseForm,
    SchoolForm,
    TransferForm,
)
from .models import Assignment, Board, School

RECENT_CALLS = 10
PREVIEW_ROWS = 1000
COVERAGE_PAGE_SIZE = 50  # a unit has ~40 schools; after a city-wide import, pages and the filters narrow it


def _officer_name(row) -> str:
    return row.current_officer_name or ""


# --- Schools --------------------------------------------------------------------------------------------


class SchoolListView(FilteredListView):
    model = School
    filterset_class = SchoolFilter
    permission_required = "schools.view_school"
    template_name = "schools/school_list.html"
    sort_fields = {
        "name": shown_name,
        "board": "board__code",
        "category": "category",
        "city": "city",
        "officer": "current_officer_name",
    }
    default_sort = "name"
    topic = "coverage"
    table_template = "schools/_school_table.html"
    csv_filename = "schools.csv"
    csv_columns = [
        (gettext_lazy("External id"), lambda s: s.external_id),
        (gettext_lazy("Name (English)"), lambda s: s.name_en),
        (gettext_lazy("Name (French)"), lambda s: s.name_fr),
        (gettext_lazy("Board"), lambda s: s.board.code),
        (gettext_lazy("Category"), lambda s: s.get_category_display()),
        (gettext_lazy("Address"), lambda s: s.address),
        (gettext_lazy("City"), lambda s: s.city),
        (gettext_lazy("Phone"), lambda s: s.phone),
        (gettext_lazy("Officer"), _officer_name),
        (gettext_lazy("Officer since"), lambda s: s.current_since),
        (gettext_lazy("Open"), lambda s: _("yes") if s.active else _("no")),
    ]

    def get_base_queryset(self):
        return School.objects.with_current_assignment().select_related("board")


class SchoolDetailView(PermissionRequiredMixin, View):
    permission_required = "schools.view_school"

    def get(self, request, pk: int):
        school = get_object_or_404(School.objects.select_related("board"), pk=pk)
        assignments = list(school.assignments.select_related("officer", "created_by").order_by("-start", "-pk"))
        current = next((a for a in assignments if a.end is None), None)

        def calls() -> dict:
            found = readable(school.calls.all(), request.user, school=school).select_related("responding_officer")
            return {"school": school, "calls": list(found.order_by("-occurred_at")[:RECENT_CALLS])}

        panels = []
        for module in app_modules("school_panels"):
            panels.extend(module.panels(request, school))
        panels.sort(key=lambda p: p.order)
        keep_markup(request, panels)
        context = {
            "school": school,
            "assignments": assignments,
            "current": current,
            # The latest calls' markup, kept until a call (or what a row shows) changes.
            "calls_html": cache.kept_markup(request, "schools/_school_calls.html", calls, cache.version("calls"), pk),
            # Its history too, until the school (or a name its changes show) changes: written with each save.
            "history_html": cache.kept_markup(
                request,
                "includes/history.html",
                lambda: {"history_entries": history_entries(school)},
                cache.version("coverage"),
                pk,
            ),
            "panels": panels,
        }
        if request.user.has_perm("schools.add_assignment") and school.active:
            context["transfer_form"] = TransferForm()
        return render(request, "schools/school_detail.html", context)


class SchoolCreateView(PermissionRequiredMixin, View):
    permission_required = "schools.add_school"

    def get(self, request):
        return self.render(SchoolForm())

    @method_decorator(submit_once)
    def post(self, request):
        form = SchoolForm(request.POST)
        if form.is_valid():
            try:
                school = create_once(
                    request,
                    form,
                    lambda: services.school_create(by=request.user, **_fields(form, services.SCHOOL_FIELDS)),
                    url=lambda obj: reverse("schools:school_detail", args=[obj.pk]),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("School created."))
                return redirect("schools:school_detail", pk=school.pk)
        return self.render(form, status=200)

    def render(self, form, status=200):
        return render(self.request, "schools/school_form.html", {"form": form, "title": _("New school")}, status=status)


def _fields(form, names) -> dict:
    return {n: form.cleaned_data[n] for n in names if n in form.cleaned_data}


class SchoolUpdateView(PermissionRequiredMixin, View):
    permission_required = "schools.change_school"

    def get(self, request, pk: int):
        school = get_object_or_404(School, pk=pk)
        return self.render(SchoolForm(instance=school), school)

    def post(self, request, pk: int):
        school = get_object_or_404(School, pk=pk)
        form = SchoolForm(request.POST, instance=school)
        if form.is_valid():
            try:
                services.school_update(
                    school=school,
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                    **_fields(form, services.SCHOOL_FIELDS),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("School saved."))
                return redirect("schools:school_detail", pk=school.pk)
        return self.render(form, school)

    def render(self, form, school):
        title = _("Edit %(school)s") % {"school": School.objects.get(pk=school.pk).name}
        return render(self.request, "schools/school_form.html", {"form": form, "school": school, "title": title})


class SchoolCloseView(PermissionRequiredMixin, View):
    permission_required = "schools.change_school"

    def get(self, request, pk: int):
        school = get_object_or_404(School, pk=pk)
        form = SchoolCloseForm(initial={"version": school.version})
        return render(request, "schools/school_close.html", {"form": form, "school": school})

    def post(self, request, pk: int):
        school = get_object_or_404(School, pk=pk)
        form = SchoolCloseForm(request.POST)
        if form.is_valid():
            try:
                services.school_close(
                    school=school,
                    closed_on=form.cleaned_data["closed_on"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("School closed. Its records and history are kept."))
                return redirect("schools:school_detail", pk=school.pk)
        return render(request, "schools/school_close.html", {"form": form, "school": school})


# --- Assignments ----------------------------------------------------------------------------------------


class AssignmentTransferView(PermissionRequiredMixin, View):
    permission_required = ("schools.add_assignment", "schools.change_assignment")

    def get(self, request, pk: int):
        school = get_object_or_404(School.objects.with_current_assignment(), pk=pk)
        return render(request, "schools/assignment_transfer.html", {"form": TransferForm(), "school": school})

    def post(self, request, pk: int):
        school = get_object_or_404(School.objects.with_current_assignment(), pk=pk)
        form = TransferForm(request.POST)
        if form.is_valid():
            try:
                result = services.assignment_transfer(by=request.user, school=school, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if result is None:
                    messages.info(request, _("That officer already holds this school: nothing changed."))
                else:
                    messages.success(
                        request,
                        _("%(officer)s is now assigned to %(school)s from %(start)s.")
                        % {"officer": result.officer, "school": school.name, "start": date_format(result.start)},
                    )
                return redirect("schools:school_detail", pk=school.pk)
        return render(request, "schools/assignment_transfer.html", {"form": form, "school": school})


class CoverageView(PermissionRequiredMixin, View):
    """Every open school with its officer, unassigned first; counts per officer; bulk reassignment."""

    permission_required = ("schools.add_assignment", "schools.change_assignment")

    def get(self, request):
        return self.render(BulkReassignForm())

    def post(self, request):
        form = BulkReassignForm(request.POST)
        if form.is_valid() and not request.POST.get("confirmed"):
            # A reassignment changes who answers for these schools: say what it does before doing it.
            return render(
                request,
                "schools/coverage_confirm.html",
                {"form": form, "schools": form.cleaned_data["schools"], "query": request.GET.urlencode()},
            )
        if form.is_valid():
            try:
                changed = services.assignments_bulk_reassign(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(count)d school(s) reassigned to %(officer)s from %(start)s.")
                    % {
                        "count": changed,
                        "officer": form.cleaned_data["officer"],
                        "start": date_format(form.cleaned_data["start"]),
                    },
                )
                query = self.request.GET.urlencode()
                return redirect(reverse("schools:assignment_coverage") + (f"?{query}" if query else ""))
        return self.render(form)

    def render(self, form):
        filterset = CoverageFilter(
            self.request.GET or None,
            queryset=School.objects.active().with_current_assignment().select_related("board"),
        )
        queryset = filterset.qs.order_by(models.F("current_officer_name").asc(nulls_first=True), shown_name(), "pk")
        page = Paginator(queryset, COVERAGE_PAGE_SIZE).get_page(self.request.GET.get("page"))
        selected = {str(v) for v in form["schools"].value() or []}
        query = self.request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "filter": filterset,
            "schools": page.object_list,
            "page_obj": page,
            "paginator": page.paginator,
            "is_paginated": page.has_other_pages(),
            "query_without_page": query.urlencode(),
            "counts": coverage_counts(),
            "selected": selected,
        }
        return render(self.request, "schools/coverage.html", context)


def coverage_counts() -> dict:
    """Schools served today per active officer (officers with none included) and the unassigned count: 2 queries.
    Served: schools.selectors (in the unit's scope, open today)."""
    from .selectors import in_scope_q, open_during_q, schools_served_today

    today = timezone.localdate()
    per_officer = list(
        officer_queryset().annotate(
            school_count=Count(
                "assignments",
                filter=Q(assignments__end__isnull=True)
                & in_scope_q("assignments__school__")
                & open_during_q(today, today, "assignments__school__"),
            )
        )
    )
    open_assignment = Assignment.objects.filter(school=OuterRef("pk"), end__isnull=True)
    unassigned = schools_served_today().filter(~Exists(open_assignment)).count()
    return {"officers": per_officer, "unassigned": unassigned}


class OfficerSchoolsView(PermissionRequiredMixin, View):
    """An officer's current schools. Officers see their own; the coordinator and supervisors see anyone's."""

    permission_required = "schools.view_school"

    def get(self, request, pk: int | None = None):
        user = request.user
        if pk is None:
            officer = user
        else:
            officer = get_object_or_404(User, pk=pk, role=Role.OFFICER)
            if officer != user and user.role == Role.OFFICER and not user.has_perm("schools.change_assignment"):
                raise Http404
        schools = list(
            School.objects.assigned_to(officer)
            .with_current_assignment()
            .select_related("board")
            .order_by(shown_name(), "pk")
        )
        # "My schools" is /schools/mine/; an officer's page by id is named after them, also when it is the viewer's
        # own (two addresses, two distinct titles).
        context = {"officer": officer, "schools": schools, "is_self": pk is None}
        if user.has_perm("schools.change_assignment"):
            context["officers"] = list(officer_queryset())
        return render(request, "schools/officer_schools.html", context)


# --- Boards ---------------------------------------------------------------------------------------------


class BoardListView(PermissionRequiredMixin, View):
    permission_required = "schools.view_board"

    def get(self, request):
        boards = Board.objects.annotate(
            school_count=Count("schools", filter=Q(schools__active=True)),
        ).order_by("code")
        return render(request, "schools/board_list.html", {"boards": boards})


class BoardCreateView(PermissionRequiredMixin, View):
    permission_required = "schools.add_board"

    def get(self, request):
        return self.render(BoardForm())

    def post(self, request):
        form = BoardForm(request.POST)
        if form.is_valid():
            try:
                services.board_create(by=request.user, **_fields(form, services.BOARD_FIELDS))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Board created."))
                return redirect("schools:board_list")
        return self.render(form)

    def render(self, form):
        return render(self.request, "schools/board_form.html", {"form": form, "title": _("New board")})


class BoardUpdateView(PermissionRequiredMixin, View):
    permission_required = "schools.change_board"

    def get(self, request, pk: int):
        board = get_object_or_404(Board, pk=pk)
        return self.render(BoardForm(instance=board), board)

    def post(self, request, pk: int):
        board = get_object_or_404(Board, pk=pk)
        form = BoardForm(request.POST, instance=board)
        if form.is_valid():
            try:
                services.board_update(board=board, by=request.user, **_fields(form, services.BOARD_FIELDS))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Board saved."))
                return redirect("schools:board_list")
        return self.render(form, board)

    def render(self, form, board):
        title = _("Edit board %(code)s") % {"code": Board.objects.get(pk=board.pk).code}
        return render(self.request, "schools/board_form.html", {"form": form, "title": title})


# --- Import ---------------------------------------------------------------------------------------------

_SESSION_KEY = "schools_import"


def _import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "school-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _forget_abandoned_previews(max_age_seconds: int = 24 * 3600) -> None:
    """Previewed files nobody confirmed are deleted after a day (they hold school contact data)."""
    limit = time.time() - max_age_seconds
    for path in _import_dir().glob("*.csv"):
        if path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


class SchoolImportView(PermissionRequiredMixin, View):
    """Upload → dry-run preview (counts, rows, every error) → confirm. The file waits in private storage."""

    permission_required = ("schools.add_school", "schools.change_school")

    def get(self, request):
        return render(request, "schools/school_import.html", {"form": ImportUploadForm()})

    def post(self, request):
        if request.POST.get("action") == "confirm":
            return self.confirm(request)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "schools/school_import.html", {"form": form})
        data = form.cleaned_data["file"].read()
        fmt = form.cleaned_data["format"]
        try:
            result = importer.import_schools(data=data, fmt=fmt, dry_run=True, by=request.user)
        except importer.ImportFileError as exc:
            form.add_error("file", str(exc))
            return render(request, "schools/school_import.html", {"form": form})
        context = {"form": form, "result": result, "preview_rows": result.rows[:PREVIEW_ROWS]}
        if result.ok:
            _forget_abandoned_previews()
            token = secrets.token_urlsafe(16)
            (_import_dir() / f"{token}.csv").write_bytes(data)
            self._discard(request)
            request.session[_SESSION_KEY] = {"token": token, "format": result.format}
            context["token"] = token
        return render(request, "schools/school_import.html", context)

    def confirm(self, request):
        pending = request.session.get(_SESSION_KEY) or {}
        token = request.POST.get("token", "")
        path = _import_dir() / f"{pending.get('token', '')}.csv"
        if not token or token != pending.get("token") or not path.is_file():
            messages.error(request, _("That preview has expired or was already imported. Upload the file again."))
            return redirect("schools:school_import")
        try:
            result = importer.import_schools(
                data=path.read_bytes(),
                fmt=pending["format"],
                dry_run=False,
                by=request.user,
                # The preview's checkboxes (a confirm without them brings in every new school).
                boards=set(request.POST.getlist("boards")) if request.POST.get("choose") else None,
                categories=set(request.POST.getlist("categories")) if request.POST.get("choose") else None,
            )
        except importer.ImportFileError as exc:  # cannot happen for a previewed file, but never a 500
            messages.error(request, str(exc))
            return redirect("schools:school_import")
        if not result.ok:  # the database changed since the preview (a board was renamed...)
            context = {"form": ImportUploadForm(), "result": result, "preview_rows": []}
            return render(request, "schools/school_import.html", context)
        self._discard(request)
        messages.success(
            request,
            _(
                "Import done: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(skipped)d not brought in."
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": result.skipped,
            },
        )
        return redirect("schools:school_list")

    def _discard(self, request) -> None:
        pending = request.session.pop(_SESSION_KEY, None)
        if pending:
            (_import_dir() / f"{pending['token']}.csv").unlink(missing_ok=True)


@permission_required(("schools.add_school", "schools.change_school"), raise_exception=True)
def school_import_template(request):
    response = HttpResponse(importer.generic_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="schools-template.csv"'
    return response
