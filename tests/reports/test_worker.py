"""The build through a real Celery worker against Redis, the way production runs it."""

import pytest

from reports import services
from reports.models import AnnualReport
from tests.conftest import wait_for


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_build_through_a_real_worker(celery_worker, dataset, supervisor):
    seen = set()
    report, created = services.report_request(
        period_kind="calendar", year=2025, language="en", introduction="Worker test.", user=supervisor
    )
    assert created

    def finished():
        row = AnnualReport.objects.get(pk=report.pk)
        seen.add(row.status)
        return row if row.status in ("ready", "failed") else None

    row = wait_for(finished, timeout=60, interval=0.05)
    assert row is not None and row.status == "ready", row and row.failure_reason
    assert row.progress == 100 and row.pdf_file and row.xlsx_file and row.csv_file
    key = {r[0]: r[1:] for r in row.figures["sections"][1]["tables"][0]["rows"]}
    assert key == {"Calls for service at schools": [4, 1, 3]}
    # Asking again while nothing is building creates a new report; the ready one is kept.
    again, created_again = services.report_request(
        period_kind="calendar", year=2025, language="en", introduction="", user=supervisor
    )
    assert created_again and again.pk != report.pk
    wait_for(lambda: AnnualReport.objects.get(pk=again.pk).status == "ready", timeout=60)
    assert AnnualReport.objects.filter(status="ready").count() == 2
