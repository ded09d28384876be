from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from csu.audit import audit_log
from csu.history import history_entries
from csu.lists import FilteredListView, csv_response
from csu.models import AuditEvent

from . import icpi, services
from .filters import AnnualReportFilter
from .forms import ReportRequestForm
from .models import AnnualReport
from .rendering import sections_for_display

VIEW, ADD = "reports.view_annualreport", "reports.add_annualreport"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class AnnualReportListView(FilteredListView):
    model = AnnualReport
    filterset_class = AnnualReportFilter
    permission_required = VIEW
    raise_exception = True
    template_name = "reports/annualreport_list.html"
    sort_fields = {"requested": "requested_at", "year": ["year", "period_kind"], "status": "status"}
    default_sort = "-requested"
    csv_filename = "annual-reports.csv"
    csv_columns = [
        (gettext_lazy("Period"), lambda r: r.period_label),
        (gettext_lazy("Language"), lambda r: r.get_language_display()),
        (gettext_lazy("Status"), lambda r: r.get_status_display()),
        (gettext_lazy("Requested by"), lambda r: r.requested_by),
        (gettext_lazy("Requested at"), lambda r: r.requested_at),
        (gettext_lazy("Build finished"), lambda r: r.finished_at),
        (gettext_lazy("Build time (s)"), lambda r: r.build_seconds),
    ]

    def get_base_queryset(self):
        return AnnualReport.objects.select_related("requested_by").defer("figures")


@permission_required(ADD, raise_exception=True)
def annualreport_create(request):
    form = ReportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report, created = services.report_request(
            period_kind=form.cleaned_data["period_kind"],
            year=form.cleaned_data["year"],
            language=form.cleaned_data["language"],
            introduction=form.cleaned_data["introduction"],
            user=request.user,
        )
        if created:
            messages.success(request, _("The report is queued; this page shows its progress."))
        else:
            messages.info(request, _("A report for this period is already being built; here it is."))
        return redirect("reports:annualreport_detail", pk=report.pk)
    return render(request, "reports/annualreport_form.html", {"form": form})


@permission_required(VIEW, raise_exception=True)
def annualreport_detail(request, pk: int):
    report = get_object_or_404(AnnualReport.objects.select_related("requested_by"), pk=pk)
    return render(
        request,
        "reports/annualreport_detail.html",
        {
            "report": report,
            "sections": sections_for_display(report.figures) if report.status == AnnualReport.Status.READY else [],
            "snapshot": report.figures,
            "can_build": request.user.has_perm(ADD),
            "history_entries": history_entries(report),
        },
    )


@never_cache
@permission_required(VIEW, raise_exception=True)
def annualreport_status(request, pk: int):
    report = get_object_or_404(AnnualReport.objects.only("pk", "status", "progress", "failure_reason"), pk=pk)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "failure_reason": report.failure_reason,
            "finished": not report.is_active,
            "detail_url": reverse("reports:annualreport_detail", args=[report.pk]),
        }
    )


@permission_required(VIEW, raise_exception=True)
def annualreport_download(request, pk: int, kind: str):
    report = get_object_or_404(AnnualReport, pk=pk, status=AnnualReport.Status.READY)
    file = report.file_for(kind)
    if not file or not file.storage.exists(file.name):
        raise Http404
    filename = f"annual-overview-{report.period_kind}-{report.year}-{report.language}.{kind}"
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=CONTENT_TYPES[kind])
    response["Cache-Control"] = "private, no-store"
    audit_log(request, AuditEvent.Action.REPORT_DOWNLOADED, target=report, detail=filename)
    return response


@require_POST
@permission_required(ADD, raise_exception=True)
def annualreport_rebuild(request, pk: int):
    old = get_object_or_404(AnnualReport, pk=pk)
    try:
        report, created = services.report_rebuild(report=old, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:annualreport_detail", pk=old.pk)
    if created:
        messages.success(request, _("A new build of this period is queued; the earlier report is kept."))
    else:
        messages.info(request, _("A report for this period is already being built; here it is."))
    return redirect("reports:annualreport_detail", pk=report.pk)


@require_POST
@permission_required(ADD, raise_exception=True)
def annualreport_retry(request, pk: int):
    report = get_object_or_404(AnnualReport, pk=pk)
    if report.status != AnnualReport.Status.FAILED:
        messages.info(request, _("Only a failed report can be retried."))
        return redirect("reports:annualreport_detail", pk=report.pk)
    queued, retried = services.report_retry(report=report, user=request.user)
    if retried:
        messages.success(request, _("The build is queued again."))
    else:
        messages.info(request, _("A report for this period is already being built; here it is."))
    return redirect("reports:annualreport_detail", pk=queued.pk)


@permission_required(VIEW, raise_exception=True)
def icpi_export(request):
    stamp = timezone.localdate().isoformat()
    return csv_response(f"icpi-initiatives-{stamp}.csv", [str(c) for c in icpi.COLUMNS], icpi.icpi_rows())
