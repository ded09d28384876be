"""Write side of the annual report: request, rebuild, retry, build, and the sweep for stuck reports."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from csu.services import enqueue_on_commit
from csu.text import interface_language

from . import figures, rendering
from .models import AnnualReport
from .summary import summary

logger = logging.getLogger(__name__)

# A report still 'queued' after this long was probably never published (broker down): queue it again.
REQUEUE_AFTER = dt.timedelta(minutes=2)
# A report 'building' for longer than the task's hard time limit lost its worker: record it as failed.
BUILDING_TIMEOUT = dt.timedelta(minutes=20)


def period_validate(*, period_kind: str, year: int, today: dt.date | None = None) -> figures.Period:
    """The period, or a ValidationError (on `year`) when it has not started yet."""
    period = figures.Period.of(period_kind, year, today=today)
    if period.in_future:
        raise ValidationError(
            {
                "year": gettext_lazy(
                    "This period has not started yet (it starts on %(start)s); a report can only cover days "
                    "that have passed."
                )
                % {"start": period.start.isoformat()}
            }
        )
    return period


def _enqueue(report: AnnualReport) -> None:
    from .tasks import build_annual_report

    enqueue_on_commit(build_annual_report, report.pk)


def _active_for(period_kind: str, year: int) -> AnnualReport | None:
    return AnnualReport.objects.filter(
        period_kind=period_kind, year=year, status__in=AnnualReport.ACTIVE_STATUSES
    ).first()


@transaction.atomic
def report_request(
    *, period_kind: str, year: int, language: str, introduction: str, user, enqueue: bool = True
) -> tuple[AnnualReport, bool]:
    """Queue a build for the period; returns (report, created). `enqueue=False` (manage.py build_report) leaves
    the build to the caller, who runs `report_build` itself.

    If a report of the same period is already queued or building, that one is returned and nothing is queued:
    the named conditional unique constraint makes this hold even for two simultaneous requests.
    """
    period_validate(period_kind=period_kind, year=year)
    existing = _active_for(period_kind, year)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                period_kind=period_kind,
                year=year,
                language=language,
                introduction=introduction,
                requested_by=user,
            )
    except IntegrityError:  # another request for the period won the race
        existing = _active_for(period_kind, year)
        if existing is None:
            raise
        return existing, False
    if enqueue:
        _enqueue(report)
    return report, True


def report_rebuild(*, report: AnnualReport, user) -> tuple[AnnualReport, bool]:
    """A new build of the same period, language and introduction (after late entries); the old one is kept."""
    return report_request(
        period_kind=report.period_kind,
        year=report.year,
        language=report.language,
        introduction=report.introduction,
        user=user,
    )


@transaction.atomic
def report_retry(*, report: AnnualReport, user) -> tuple[AnnualReport, bool]:
    """Queue a failed report again; returns (report queued, True) or (the period's active report, False)."""
    existing = _active_for(report.period_kind, report.year)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            changed = AnnualReport.objects.filter(pk=report.pk, status=AnnualReport.Status.FAILED).update(
                status=AnnualReport.Status.QUEUED, failure_reason="", progress=0, started_at=None, finished_at=None
            )
    except IntegrityError:
        existing = _active_for(report.period_kind, report.year)
        if existing is None:
            raise
        return existing, False
    report.refresh_from_db()
    if changed:
        _record_history(report, user)
        _enqueue(report)
    return report, bool(changed)


def _record_history(report: AnnualReport, user) -> None:
    # Status changes go through update() (a database claim); write the history row explicitly.
    report._history_user = user
    report.save(update_fields=["status"])


def _progress(report_id: int, value: int) -> None:
    AnnualReport.objects.filter(pk=report_id).update(progress=value)


def report_build(*, report_id: int) -> AnnualReport | None:
    """Build the report's figures and files. Not one transaction on purpose: progress must be visible meanwhile.

    The build claims the row (queued -> building) with a conditional update, so a task delivered twice, or a
    sweep that re-queued a report the broker did deliver, never builds it twice.
    """
    claimed = AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED).update(
        status=AnnualReport.Status.BUILDING, started_at=timezone.now(), finished_at=None, progress=1
    )
    if claimed != 1:
        logger.info("Annual report %s is not queued any more; nothing to build", report_id)
        return None
    report = AnnualReport.objects.get(pk=report_id)
    AnnualReport.objects.filter(pk=report_id).update(attempts=report.attempts + 1)
    try:
        with translation.override(interface_language(report.language, default="en-ca")):
            snapshot = _compute(report)
            _progress(report_id, 60)
            pdf = rendering.render_pdf(report=report, snapshot=snapshot)
            _progress(report_id, 85)
            xlsx = rendering.render_xlsx(report=report, snapshot=snapshot)
            csv_bytes = rendering.render_csv(report=report, snapshot=snapshot)
            _progress(report_id, 95)
            stem = f"annual-overview-{report.period_kind}-{report.year}-{report.language}-{report.pk}"
            report.pdf_file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
            report.xlsx_file.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
            report.csv_file.save(f"{stem}.csv", ContentFile(csv_bytes), save=False)
    except rendering.ReportRenderError as exc:
        return _fail(report_id, str(exc))
    except OSError as exc:
        return _fail(
            report_id,
            _("The report files could not be written (%(error)s). Check the disk space, then retry.")
            % {"error": exc.strerror or exc.__class__.__name__},
        )
    except Exception as exc:  # a bug or an outage: keep a readable reason, full details go to the log
        logger.exception("Annual report %s failed", report_id)
        return _fail(report_id, _("Unexpected error while building: %(error)s") % {"error": exc.__class__.__name__})
    report.status = AnnualReport.Status.READY
    report.progress = 100
    report.figures = snapshot
    report.failure_reason = ""
    report.finished_at = timezone.now()
    report.save(
        update_fields=[
            "status",
            "progress",
            "figures",
            "failure_reason",
            "finished_at",
            "pdf_file",
            "xlsx_file",
            "csv_file",
        ]
    )
    return report


def _compute(report: AnnualReport) -> dict:
    period = figures.Period.of(report.period_kind, report.year)
    sections = []
    count = len(figures.SECTIONS)
    for index, section_function in enumerate(figures.SECTIONS, start=1):
        sections.append(section_function(period).as_dict())
        _progress(report.pk, 1 + round(59 * index / count))
    return {
        "period": {
            "kind": period.kind,
            "year": period.year,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "partial": period.partial,
            "previous_start": period.previous().start.isoformat(),
            "previous_end": period.previous().end.isoformat(),
        },
        "generated_at": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "empty": figures.snapshot_is_empty(sections),
        "summary": summary(sections, period),
        "service_name": settings.SERVICE_NAME,
        "sections": sections,
    }


def _fail(report_id: int, reason: str) -> AnnualReport:
    report = AnnualReport.objects.get(pk=report_id)
    report.status = AnnualReport.Status.FAILED
    report.failure_reason = (reason or _("Unknown error"))[:500]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "failure_reason", "finished_at"])
    logger.warning("Annual report %s failed: %s", report_id, reason)
    return report


def reports_sweep_stuck(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Queue again reports left 'queued' (the broker was down when they were requested) and record as failed
    those 'building' for longer than any build may take (the worker died). Returns the counts."""
    from .tasks import build_annual_report

    now = now or timezone.now()
    requeued = 0
    for pk in AnnualReport.objects.filter(
        status=AnnualReport.Status.QUEUED, requested_at__lte=now - REQUEUE_AFTER
    ).values_list("pk", flat=True):
        try:
            build_annual_report.delay(pk)
            requeued += 1
        except Exception:
            logger.warning("Broker still unavailable; annual report %s stays queued", pk)
            break
    lost = 0
    for pk in AnnualReport.objects.filter(
        status=AnnualReport.Status.BUILDING, started_at__lte=now - BUILDING_TIMEOUT
    ).values_list("pk", flat=True):
        _fail(pk, _("The build stopped without finishing (the worker was restarted). Retry the build."))
        lost += 1
    return {"requeued": requeued, "failed": lost}
