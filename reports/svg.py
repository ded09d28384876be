"""Small server-rendered SVG bar charts (no JavaScript), used by the report page, the PDF and the dashboard.

Every chart carries its title and a text alternative (`<title>`/`<desc>`, role="img"); the value of each bar is
written next to it, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#0b2f5b"
GRID = "#c8ced6"
TEXT = "#1d1d1d"
FONT = "DejaVu Sans, Arial, sans-serif"


def _fmt(value: float) -> str:
    """A bar's value in the active language (thousands grouped, decimal comma in French)."""
    from django.utils.formats import number_format

    if isinstance(value, float):
        return number_format(value, decimal_pos=1 if value % 1 else 0, force_grouping=True)
    return number_format(value, force_grouping=True)


def bar_chart(
    *,
    key: str,
    title: str,
    caption: str,
    labels: list[str],
    values: list[float],
    orientation: str = "horizontal",
    width: int = 640,
) -> SafeString:
    if orientation == "vertical":
        body, height = _vertical(labels, values, width)
    else:
        body, height = _horizontal(labels, values, width)
    ident = escape(f"chart-{key}")
    # Every text interpolated below is escaped.
    return mark_safe(  # noqa: S308  # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="{FONT}" font-size="11">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(caption)}</desc>'
        f"{body}</svg>"
    )


def _horizontal(labels, values, width) -> tuple[str, int]:
    row, label_width, top = 22, 190, 6
    height = top + row * max(1, len(values)) + 6
    top_value = max([v for v in values if v] or [1])
    area = width - label_width - 60
    parts = [f'<line x1="{label_width}" y1="0" x2="{label_width}" y2="{height}" stroke="{GRID}"/>']
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        length = round(area * value / top_value, 1) if value else 0
        text = escape(label if len(label) <= 30 else label[:29] + "…")
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" fill="{TEXT}">{text}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length}" height="{row - 6}" fill="{BAR}"/>'
            f'<text x="{label_width + length + 5}" y="{y + 15}" fill="{TEXT}">{escape(_fmt(value))}</text>'
        )
    return "".join(parts), height


def _vertical(labels, values, width) -> tuple[str, int]:
    height, top, bottom, left = 200, 18, 22, 8
    area = height - top - bottom
    count = max(1, len(values))
    slot = (width - 2 * left) / count
    top_value = max([v for v in values if v] or [1])
    parts = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="{GRID}"/>']
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + index * slot
        bar = round(area * value / top_value, 1) if value else 0
        middle = round(x + slot / 2, 1)
        parts.append(
            f'<rect x="{round(x + slot * 0.15, 1)}" y="{round(height - bottom - bar, 1)}" '
            f'width="{round(slot * 0.7, 1)}" height="{bar}" fill="{BAR}"/>'
            f'<text x="{middle}" y="{round(height - bottom - bar - 4, 1)}" text-anchor="middle" '
            f'fill="{TEXT}">{escape(_fmt(value))}</text>'
            f'<text x="{middle}" y="{height - 6}" text-anchor="middle" fill="{TEXT}">{escape(label)}</text>'
        )
    return "".join(parts), height
