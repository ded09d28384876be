"""Turn a figures snapshot into files: PDF (WeasyPrint), XLSX (openpyxl) and CSV. Pure functions of the snapshot."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .figures import change as figures_change
from .svg import bar_chart

# A system font embedded in every PDF (WeasyPrint embeds the subset it uses). Overridable for other systems.
DEFAULT_FONTS = {
    "regular": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "bold": "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
}


class ReportRenderError(Exception):
    """A problem the supervisor can read and act on (missing font, full disk); shown as the failure reason."""


def report_fonts() -> dict[str, str]:
    fonts = {**DEFAULT_FONTS, **getattr(settings, "REPORTS_PDF_FONTS", {})}
    for path in fonts.values():
        if not Path(path).is_file():
            raise ReportRenderError(
                _("The PDF font file %(path)s is missing on the server; ask IT to install DejaVu Sans (fonts-dejavu).")
                % {"path": path}
            )
    return fonts


def chart_svgs(section: dict) -> list[dict]:
    return [
        {
            "title": chart["title"],
            "caption": chart["caption"],
            # A chart whose bars are all zero says nothing: the page and the PDF say so in words instead.
            "empty": not any(chart["values"]),
            "svg": bar_chart(
                key=f"{section['key']}-{chart['key']}",
                title=chart["title"],
                caption=chart["caption"],
                labels=chart["labels"],
                values=chart["values"],
                orientation=chart["orientation"],
            ),
        }
        for chart in section["charts"]
    ]


def sections_for_display(snapshot: dict) -> list[dict]:
    return [{**section, "chart_svgs": chart_svgs(section)} for section in snapshot.get("sections", [])]


PDF_STYLESHEET = "css/report-pdf.css"  # a static file: the strict CSP forbids inline <style> in templates


def _font_faces(fonts: dict[str, str]) -> str:
    """The @font-face rules of "Report Sans" (the font files are a setting, so this part is not in the CSS file)."""
    rules = []
    for key, weight in (("regular", "normal"), ("bold", "bold")):
        uri = Path(fonts[key]).as_uri()  # percent-encoded: safe inside url("...")
        rules.append(f'@font-face {{ font-family: "Report Sans"; src: url("{uri}"); font-weight: {weight}; }}')
    return "\n".join(rules)


def render_pdf(*, report, snapshot: dict) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = report_fonts()
    stylesheet = finders.find(PDF_STYLESHEET)
    if not stylesheet:  # a broken install, not something the supervisor can act on: logged by the builder
        raise ImproperlyConfigured(f"The static file {PDF_STYLESHEET} of the PDF report is missing.")
    crest = settings.SERVICE_CREST or finders.find("img/crest.svg")
    html = render_to_string(
        "reports/pdf/report.html",
        {
            "report": report,
            "snapshot": snapshot,
            "sections": sections_for_display(snapshot),
            "service_name": snapshot.get("service_name") or settings.SERVICE_NAME,
            "crest_uri": Path(crest).resolve().as_uri(),
        },
    )
    font_config = FontConfiguration()
    stylesheets = [
        CSS(string=_font_faces(fonts), font_config=font_config),
        CSS(filename=stylesheet, font_config=font_config),
    ]
    # PDF/UA-1: a tagged PDF (structure, reading order, alternative texts) with the document's language, as
    # AODA expects of a public document.
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/ua-1"
    )


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _cell(ws, row: int, column: int, value):
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        cell.data_type = "s"  # never a formula
    return cell


def render_xlsx(*, report, snapshot: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    cover = workbook.active
    used: set[str] = set()
    cover.title = _sheet_title(_("Report"), used)
    cover_rows = [
        (_("Annual overview"), report.period_label),
        (_("From"), snapshot["period"]["start"]),
        (_("To"), snapshot["period"]["end"]),
        (_("Generated"), snapshot["generated_at"]),
        (_("Introduction"), report.introduction),
    ]
    for index, (label, value) in enumerate(cover_rows, start=1):
        _cell(cover, index, 1, label).font = bold
        _cell(cover, index, 2, value)
    cover.column_dimensions["A"].width = 22
    cover.column_dimensions["B"].width = 80
    for section in snapshot["sections"]:
        ws = workbook.create_sheet(_sheet_title(section["title"], used))
        row = 1
        _cell(ws, row, 1, section["title"]).font = Font(bold=True, size=14)
        row += 2
        for table in section["tables"]:
            _cell(ws, row, 1, table["title"]).font = bold
            row += 1
            for col, heading in enumerate(table["columns"], start=1):
                _cell(ws, row, col, heading).font = bold
            row += 1
            for values in table["rows"]:
                for col, value in enumerate(values, start=1):
                    _cell(ws, row, col, value)
                row += 1
            row += 1
        if section.get("note"):
            _cell(ws, row, 1, section["note"])
        ws.column_dimensions["A"].width = 40
        for letter in "BCDE":
            ws.column_dimensions[letter].width = 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_COLUMNS = ["section", "key", "label", "group", "this_period", "previous_period", "change"]


def render_csv(*, report, snapshot: dict) -> bytes:
    """The tidy CSV: one row per figure (docs/report-keys.md). `section` and `key` never change between releases
    or languages; `label` and `group` (an officer's display name, empty for a total) are in the report's language.
    The header is the same in every language, for scripts."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for section in snapshot["sections"]:
        for fig in section.get("figures", []):
            this, previous = fig["this_period"], fig["previous_period"]
            change = None if this is None or previous is None else figures_change(this, previous)
            writer.writerow(
                [
                    section["key"],
                    fig["key"],
                    _csv_text(fig["label"]),
                    _csv_text(fig["group"]),
                    "" if this is None else this,
                    "" if previous is None else previous,
                    "" if change is None else change,
                ]
            )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(value) -> str:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
