import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from csu.models import AuditEvent
from reports.models import AnnualReport


@pytest.mark.django_db
def test_report_download_is_audited(coordinator_client, coordinator, supervisor):
    report = AnnualReport.objects.create(
        period_kind=AnnualReport.PeriodKind.CALENDAR_YEAR,
        year=2024,
        requested_by=supervisor,
        status="ready",
        progress=100,
    )
    report.csv_file.save("r.csv", ContentFile(b"a,b\n"), save=True)
    response = coordinator_client.get(reverse("reports:annualreport_download", args=[report.pk, "csv"]))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.REPORT_DOWNLOADED)
    assert event.actor == coordinator
    assert "2024" in event.detail
