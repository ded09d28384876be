from celery import shared_task

from . import services


@shared_task(name="reports.tasks.build_annual_report")
def build_annual_report(report_id: int) -> None:
    services.report_build(report_id=report_id)


@shared_task(name="reports.tasks.sweep_stuck_reports")
def sweep_stuck_reports() -> dict:
    return services.reports_sweep_stuck()
