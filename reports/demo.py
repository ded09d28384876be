"""Demo annual report: last calendar year's overview, built from the other apps' demo data, requested by the demo
supervisor. Runs after every other app's demo (reports is last in INSTALLED_APPS), so its figures count them.

Built synchronously (the PDF takes a few seconds), not through Celery: seed_demo must work without a broker.
Idempotent: nothing happens when a report of that calendar year already exists, whatever its state.
"""

from django.utils import timezone

from accounts.models import Role, User

from . import services
from .models import AnnualReport


def seed(*, stdout) -> None:
    supervisor = User.objects.filter(role=Role.SUPERVISOR, is_active=True).order_by("username").first()
    if supervisor is None:
        return
    year = timezone.localdate().year - 1
    kind = AnnualReport.PeriodKind.CALENDAR_YEAR
    if AnnualReport.objects.filter(period_kind=kind, year=year).exists():
        return
    report = AnnualReport.objects.create(
        period_kind=kind,
        year=year,
        language=AnnualReport.Language.ENGLISH,
        introduction="Overview of the Community Services Unit's work with schools and community partners.",
        requested_by=supervisor,
    )
    built = services.report_build(report_id=report.pk)
    if built is not None and built.status == AnnualReport.Status.READY:
        stdout.write(f"Annual report for {year} built.")
    else:
        stdout.write(f"Annual report for {year} could not be built; its page shows why.")
