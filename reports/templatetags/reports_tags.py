from django import template
from django.utils.formats import number_format

register = template.Library()


GROUP_FROM = 10_000


@register.filter
def cell(value) -> str:
    """A table cell as shown on the page and in the PDF: numbers in the active language's format, with its
    thousands separator (12,345 / 12 345) and decimal mark (1.5 / 1,5)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(value)
    # Thousands grouped in the language's way ("151,755" / "151 755") from five digits up: years and four-digit
    # counts read as they are (both English and OQLF usage allow it), and a year column never shows "2,025".
    if isinstance(value, float):
        return number_format(value, decimal_pos=1, force_grouping=abs(value) >= GROUP_FROM)
    if isinstance(value, int):
        return number_format(value, force_grouping=abs(value) >= GROUP_FROM)
    return str(value)


@register.filter
def signed(value) -> str:
    """A change: +3, -2, 0 (ASCII signs so that copied text and pdftotext read the same)."""
    if value is None:
        return "—"
    text = cell(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"-{text}"
    return text
