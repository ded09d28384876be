"""`manage.py build_report`, the tidy CSV's stable keys in both languages, the board-ready PDF (tagged, summary)."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.dates import MONTHS_AP

from reports.models import AnnualReport
from reports.templatetags.reports_tags import cell
from tests.reports.test_build import pdf_text

REQUIRED_KEYS = {
    "schools.served",
    "schools.per_officer",
    "drills.conducted",
    "drills.lockdowns",
    "drills.schools_compliant",
    "drills.schools_not_compliant",
    "drills.compliant_by_officer",
    "calls.total",
    "sessions.delivered",
    "sessions.audience",
    "committees.count",
    "committees.meetings_held",
    "committees.action_items_opened",
    "committees.action_items_open_at_end",
    "events.total",
    "placements.completed",
}


def build(tmp_path, *args) -> list[Path]:
    out = io.StringIO()
    call_command("build_report", *args, "--output", str(tmp_path), stdout=out)
    return [Path(line) for line in out.getvalue().split()]


def rows_of(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_build_report_writes_the_three_files_and_stores_a_report_row(activity, supervisor, frozen, tmp_path):
    paths = build(tmp_path, "--calendar-year", "2025", "--language", "en")
    assert sorted(p.suffix for p in paths) == [".csv", ".pdf", ".xlsx"]
    assert all(p.is_file() and p.parent == tmp_path.resolve() for p in paths)
    report = AnnualReport.objects.get()
    assert (report.status, report.period_kind, report.year) == ("ready", "calendar", 2025)
    assert report.requested_by == supervisor
    csv_path = next(p for p in paths if p.suffix == ".csv")
    rows = rows_of(csv_path)
    assert list(rows[0]) == ["section", "key", "label", "group", "this_period", "previous_period", "change"]
    assert {r["key"] for r in rows} >= REQUIRED_KEYS
    by_key = {(r["key"], r["group"]): r for r in rows}
    # tests/reports/conftest.py counts these by hand.
    assert by_key[("calls.total", "")]["this_period"] == "4"
    assert by_key[("schools.unassigned_days", "")]["previous_period"] == "976"
    assert by_key[("drills.compliant_by_officer", "Alice Able")]["this_period"] == "1"
    pdf = next(p for p in paths if p.suffix == ".pdf")
    info = subprocess.run(["/usr/bin/pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info


def test_keys_are_the_same_in_french_and_english(activity, supervisor, frozen, tmp_path):
    english = rows_of(next(p for p in build(tmp_path / "en", "--calendar-year", "2025") if p.suffix == ".csv"))
    french_paths = build(tmp_path / "fr", "--calendar-year", "2025", "--language", "fr")
    french = rows_of(next(p for p in french_paths if p.suffix == ".csv"))
    assert [(r["section"], r["key"]) for r in english] == [(r["section"], r["key"]) for r in french]
    assert [r["this_period"] for r in english] == [r["this_period"] for r in french]
    labels = {r["key"]: r["label"] for r in french}
    assert labels["calls.total"] == "Appels de service dans les écoles"
    report = AnnualReport.objects.get(language="fr")
    assert "L’année en bref" in pdf_text(report)
    months = next(c for c in report.figures["sections"][1]["charts"] if c["key"] == "calls_by_month")["labels"]
    # The charts' months are abbreviated like the dates of every page ("1 déc. 2026"; January "janv." as the OQLF
    # writes it), in the report's language, not the command's.
    with translation.override("fr-ca"):
        assert months == [str(MONTHS_AP[m]) for m in range(1, 13)]
    assert len(set(months)) == 12 and (months[0], months[5], months[6]) == (
        "janv.",
        "juin",
        "juill.",
    )  # never "jui" twice
    assert months[0] != "Jan." and months[2] == "mars"


def test_summary_page_comes_first_with_a_sentence_each(activity, supervisor, frozen, tmp_path):
    build(tmp_path, "--calendar-year", "2025")
    report = AnnualReport.objects.get()
    summary = {item["key"]: item for item in report.figures["summary"]}
    assert list(summary) == ["drills.lockdowns", "schools.served", "committees.count", "sessions.delivered"]
    assert summary["sessions.delivered"]["this_period"] == 7
    assert summary["sessions.delivered"]["sentence"] == (
        "Officers delivered 7 program sessions to an audience of 210 in 2025 (up 2 from 2024)."
    )
    text = pdf_text(report)
    assert text.index("The year at a glance") < text.index("Key figures")
    assert settings.SERVICE_NAME in text


def test_thousands_separators_follow_the_language():
    def spaced(text):
        return text.replace("\u202f", " ").replace("\xa0", " ")

    # The figures are written like every other page's numbers (csu/formats, tests/i18n): English groups thousands
    # with a comma, French with a (non-breaking) space.
    with translation.override("en-ca"):
        assert cell(165345) == "165,345"
        assert cell(12.5) == "12.5"
    with translation.override("fr-ca"):
        assert spaced(cell(165345)) == "165 345"
        assert cell(12.5) == "12,5"


@pytest.mark.parametrize(
    "args",
    [
        ["--calendar-year", "twenty"],
        ["--school-year", "2025", "--calendar-year", "2025"],
        ["--calendar-year", "2025", "--language", "de"],
        ["--calendar-year", "1800"],
        ["--calendar-year", "2099"],  # not started yet
    ],
)
def test_a_bad_argument_is_one_clear_error(db, supervisor, frozen, tmp_path, args):
    with pytest.raises(CommandError) as caught:
        call_command("build_report", *args, "--output", str(tmp_path))
    assert caught.value.returncode == 2
    assert "\n" not in str(caught.value).strip()
    assert not AnnualReport.objects.exists()


def test_exit_status_2_and_one_line_from_the_command_line(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "csu.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "build_report", "--calendar-year", "soon", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "--calendar-year" in result.stderr and "invalid int value" in result.stderr
    assert result.stdout == ""
