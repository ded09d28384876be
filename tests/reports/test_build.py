"""The build: files agree with each other and with the page; failures are recorded and can be retried."""

import io
import os
import re
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from reports.models import AnnualReport


def request(user, year=2025, kind="calendar", **extra):
    return services.report_request(
        period_kind=kind,
        year=year,
        language=extra.pop("language", "en"),
        introduction=extra.pop("introduction", "In 2025 the unit kept every school covered."),
        user=user,
    )


def pdf_text(report) -> str:
    path = report.pdf_file.path
    return subprocess.run(
        ["/usr/bin/pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def built(activity, supervisor, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, created = request(supervisor)
    assert created
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.READY, report.failure_reason
    return report


def test_pdf_xlsx_csv_and_page_show_the_same_numbers(built, supervisor_client):
    assert built.progress == 100 and built.started_at and built.finished_at
    if os.environ.get("REPORTS_KEEP_PDF"):  # to look at the layout: pdftoppm -png -r 60 <file> /tmp/page
        shutil.copy(built.pdf_file.path, os.environ["REPORTS_KEEP_PDF"])
    text = pdf_text(built)
    assert "Annual overview" in text and "Calendar year 2025" in text
    assert "In 2025 the unit kept every school covered." in text

    # Key figures rows as pdftotext lays them out: label, this period, previous, change.
    def pdf_row(label):
        match = re.search(re.escape(label) + r"\s+([+-]?\d[\d.]*)\s+([+-]?\d[\d.]*)\s+([+-]?\d[\d.]*)", text)
        assert match, f"{label!r} not in the PDF"
        return list(match.groups())

    assert pdf_row("Unassigned school-days") == ["365", "976", "-611"]
    assert pdf_row("Schools per officer (average)") == ["2.0", "1.0", "+1.0"]
    assert pdf_row("Calls for service at schools") == ["4", "1", "+3"]
    assert pdf_row("Drugs") == ["2", "0", "+2"]
    assert re.search(r"Page 3 of \d+", text)  # page numbers from the CSS @page counter
    fonts = subprocess.run(["/usr/bin/pdffonts", built.pdf_file.path], capture_output=True, text=True).stdout
    font_rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert any(row[0].endswith("+Report-Sans") for row in font_rows)  # the @font-face of DejaVu Sans
    assert all(row[-5] == "yes" for row in font_rows), fonts  # the "emb" column: every font is embedded

    workbook = load_workbook(io.BytesIO(built.xlsx_file.read()))
    assert workbook.sheetnames == [
        "Report",
        "Schools and coverage",
        "Calls for service at schools",
        "Lockdown drills",
        "School programs",
        "CAA School Safety Patrol",
        "Committees",
        "Events and awareness weeks",
        "Student placements",
        "Pillars and CSWB areas",
        # The sections the other apps register in their AppConfig.ready, in INSTALLED_APPS order.
        "How calls ended",
        "Drill quality",
        "Situation table",
        "Community engagement",
        "Threat assessments (VTRA)",
    ]
    sheet = workbook["Schools and coverage"]
    cells = {row[0]: list(row[1:4]) for row in sheet.iter_rows(values_only=True) if row[0]}
    assert cells["Unassigned school-days"] == [365, 976, -611]
    assert cells["Schools per officer (average)"] == [2.0, 1.0, 1.0]
    assert cells["Alice Able"] == [2, 455, 1]
    calls = {
        row[0]: list(row[1:4]) for row in workbook["Calls for service at schools"].iter_rows(values_only=True) if row[0]
    }
    assert calls["Calls for service at schools"] == [4, 1, 3]
    assert calls["Drugs"] == [2, 0, 2]

    csv_text = built.csv_file.read().decode("utf-8-sig")
    assert csv_text.startswith("section,key,label,group,this_period,previous_period,change\r\n")
    assert "schools_coverage,schools.unassigned_days,Unassigned school-days,,365,976,-611\r\n" in csv_text
    assert "calls_for_service,calls.total,Calls for service at schools,,4,1,3\r\n" in csv_text

    page = supervisor_client.get(reverse("reports:annualreport_detail", args=[built.pk])).content.decode()
    assert (
        '<th scope="row">Unassigned school-days</th><td class="num">365</td><td class="num">976</td>'
        '<td class="num">-611</td>' in page
    )
    assert '<th scope="row">Drugs</th><td class="num">2</td><td class="num">0</td><td class="num">+2</td>' in page
    assert page.count("<svg") >= 4 and page.count("<figcaption>") >= 4

    # The other apps' sections (numbers derived by hand in tests/reports/conftest.py): PDF, XLSX, CSV and page agree.
    expected = {
        "Lockdown drills": {"Lockdown drills conducted": [3, 2, 1], "Follow-up actions raised": [3, 1, 2]},
        "School programs": {"Program sessions delivered": [7, 5, 2], "Audience reached": [210, 150, 60]},
        "CAA School Safety Patrol": {"Patrollers": [20, 10, 10], "Patrol exam passes": [11, 9, 2]},
        "Committees": {"Committee meetings held": [3, 2, 1], "Action items closed": [2, 1, 1]},
        "Events and awareness weeks": {"Expected attendance": [540, 150, 390], "Actual attendance": [470, 180, 290]},
        "Student placements": {"Placement hours completed": [320.0, 110.0, 210.0]},
        "Pillars and CSWB areas": {"Activities tagged with a pillar": [10, 6, 4]},
    }
    for sheet_name, figures_expected in expected.items():
        sheet = {row[0]: list(row[1:4]) for row in workbook[sheet_name].iter_rows(values_only=True) if row[0]}
        for label, values in figures_expected.items():
            assert sheet[label] == values, (sheet_name, label)
            shown = [f"{v:.1f}" if isinstance(v, float) else str(v) for v in values]
            shown[2] = ("+" if values[2] > 0 else "") + shown[2]
            assert pdf_row(label) == shown, label
            assert (
                f'<th scope="row">{label}</th><td class="num">{shown[0]}</td><td class="num">{shown[1]}</td>'
                f'<td class="num">{shown[2]}</td>' in page
            ), label
            assert f",{label},,{values[0]},{values[1]},{values[2]}\r\n" in csv_text
    # Every key figure of every section: the XLSX cells are the snapshot, the page and the PDF show each row (a long
    # label may wrap around its numbers in the PDF's layout: compare the words without the numbers).
    pdf_words = " ".join(w for w in text.split() if not re.fullmatch(r"[+-]?\d[\d.,]*%?", w))
    for section in built.figures["sections"]:
        sheet = {row[0]: list(row[1:4]) for row in workbook[section["title"]].iter_rows(values_only=True) if row[0]}
        for label, *values in section["tables"][0]["rows"]:
            assert sheet[label] == values, (section["key"], label)
            assert f'<th scope="row">{label}</th>' in page
            assert label in pdf_words, label
    # The charts the issue asks for are in the PDF and on the page, each with its text alternative.
    for title in (
        "Drills conducted by month",
        "Sessions per program",
        "Schools compliant by officer (%)",
        "Activity by unit pillar",
    ):
        assert title in text and f">{title}</title>" in page, title
    assert "met the yearly lockdown requirement. Alice Able: 100; Bob Baker: 0; No officer assigned: 0." in page


def test_chart_has_a_text_alternative(built, supervisor_client):
    page = supervisor_client.get(reverse("reports:annualreport_detail", args=[built.pk])).content.decode()
    assert 'role="img"' in page
    assert '<title id="chart-calls_for_service-calls_by_category-title">Calls for service by category</title>' in page
    assert "calls for service at schools by category; 4 in all. Threat: 1; Assault: 1; Drugs: 2" in page


def test_downloads_are_attachments(built, coordinator_client):
    for kind, mime in (("pdf", "application/pdf"), ("xlsx", "application/vnd.openxml"), ("csv", "text/csv")):
        response = coordinator_client.get(reverse("reports:annualreport_download", args=[built.pk, kind]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith(mime)
        assert response["Content-Disposition"] == f'attachment; filename="annual-overview-calendar-2025-en.{kind}"'
        body = b"".join(response.streaming_content)
        assert body == built.file_for(kind).open("rb").read()
    assert coordinator_client.get(reverse("reports:annualreport_download", args=[built.pk, "exe"])).status_code == 404
    assert "/private/" in built.pdf_file.name or built.pdf_file.name.startswith("private/")


def test_french_report_builds(dataset, supervisor, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = request(supervisor, language="fr")
    report.refresh_from_db()
    assert report.status == "ready"
    assert '<html lang="fr-ca">' not in pdf_text(report)  # sanity: text, not markup
    assert report.figures["sections"][0]["tables"][0]["rows"][3][1:] == [365, 976, -611]


def test_failed_build_keeps_a_readable_reason_and_retry_works(
    dataset, supervisor, supervisor_client, settings, frozen, django_capture_on_commit_callbacks
):
    settings.REPORTS_PDF_FONTS = {"regular": "/nonexistent/DejaVuSans.ttf"}
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = request(supervisor)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    assert report.failure_reason.startswith("The PDF font file /nonexistent/DejaVuSans.ttf is missing on the server")
    page = supervisor_client.get(reverse("reports:annualreport_detail", args=[report.pk])).content.decode()
    assert "The build failed" in page and "/nonexistent/DejaVuSans.ttf" in page

    del settings.REPORTS_PDF_FONTS
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(reverse("reports:annualreport_retry", args=[report.pk]))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.failure_reason, report.attempts) == ("ready", "", 2)
    assert report.figures["sections"][1]["tables"][0]["rows"] == [["Calls for service at schools", 4, 1, 3]]


def test_disk_problem_is_reported(dataset, supervisor, frozen, monkeypatch, django_capture_on_commit_callbacks):
    import errno

    from django.core.files.storage import FileSystemStorage

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", full)
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = request(supervisor)
    report.refresh_from_db()
    assert report.status == "failed"
    assert report.failure_reason == (
        "The report files could not be written (No space left on device). Check the disk space, then retry."
    )


def test_no_second_build_while_one_is_queued_or_building(dataset, supervisor, frozen):
    first, created = request(supervisor)
    assert created
    second, created_again = request(supervisor, language="fr")
    assert (second.pk, created_again) == (first.pk, False)
    AnnualReport.objects.filter(pk=first.pk).update(status="building")
    third, created_third = request(supervisor)
    assert (third.pk, created_third) == (first.pk, False)
    assert AnnualReport.objects.count() == 1
    # The database itself refuses a second active report for the period.
    with pytest.raises(IntegrityError), transaction.atomic():
        AnnualReport.objects.create(period_kind="calendar", year=2025, requested_by=supervisor)
    # A second delivery of the task does not build again: the claim finds it building.
    assert services.report_build(report_id=first.pk) is None
    # Another period is independent.
    other, created_other = request(supervisor, year=2024)
    assert created_other and other.pk != first.pk


def test_future_period_is_refused(supervisor, supervisor_client, frozen):
    with pytest.raises(ValidationError):
        request(supervisor, year=2027)
    response = supervisor_client.post(
        reverse("reports:annualreport_create"), {"period_kind": "school", "year": 2026, "language": "en"}
    )
    assert response.status_code == 200
    assert "This period has not started yet (it starts on 2026-09-01)" in response.content.decode()
    assert not AnnualReport.objects.exists()
    # The running year is allowed: figures are to date.
    response = supervisor_client.post(
        reverse("reports:annualreport_create"), {"period_kind": "calendar", "year": 2026, "language": "en"}
    )
    assert response.status_code == 302
    assert AnnualReport.objects.get().year == 2026


def test_empty_period_builds_a_report_of_zeros(supervisor, frozen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = request(supervisor, year=2019, introduction="")
    report.refresh_from_db()
    assert report.status == "ready" and report.figures["empty"] is True
    text = pdf_text(report)
    assert "No data was recorded for this period: every figure below is zero." in text
    assert re.search(r"Unassigned school-days\s+0\s+0\s+0", text)


def test_rebuild_keeps_the_old_report(built, supervisor_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor_client.post(reverse("reports:annualreport_rebuild", args=[built.pk]))
    new = AnnualReport.objects.exclude(pk=built.pk).get()
    assert response["Location"] == reverse("reports:annualreport_detail", args=[new.pk])
    assert new.status == "ready" and new.introduction == built.introduction
    listing = supervisor_client.get(reverse("reports:annualreport_list")).content.decode()
    assert listing.count("Calendar year 2025") == 2
