"""The rows of the schools and calls lists, written in Python: 25 rows of about ten template nodes each were a
sixth of those pages' time. The markup is the template loops', byte for byte (tests/schools/test_rows_html.py
renders both, in English and French).
"""

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from csu.registry import detail_url

register = template.Library()


@register.simple_tag
def school_rows_html(schools) -> str:
    closed = f' <span class="badge text-bg-secondary status-badge">{gettext("Closed")}</span>'
    unassigned = f'<span class="badge text-bg-warning status-badge">{gettext("Unassigned")}</span>'
    rows = []
    for school in schools:
        officer = (
            esc(school.current_officer_name) if school.current_officer_name else (unassigned if school.active else "—")
        )
        rows.append(
            "\n    <tr>\n"
            f'      <td><a href="{esc(detail_url("schools:school_detail", school.pk))}">{esc(school.name)}</a>'
            f"{'' if school.active else closed}</td>\n"
            f"      <td>{esc(school.board.code)}</td>\n"
            f"      <td>{esc(school.get_category_display())}</td>\n"
            f"      <td>{esc(school.city)}</td>\n"
            f"      <td>{officer}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 (every value escaped; translations trusted)


@register.simple_tag
def call_rows_html(calls) -> str:
    tz = timezone.get_current_timezone()
    rows = []
    for call in calls:
        badge = "text-bg-secondary" if call.status == "voided" else "text-bg-success"
        url = esc(detail_url("schools:call_detail", call.pk))
        rows.append(
            "\n    <tr>\n"
            f"      <td>{call.occurred_at.astimezone(tz).strftime('%Y-%m-%d %H:%M')}</td>\n"
            f'      <td><a href="{url}">{esc(call.occurrence_number)}</a></td>\n'
            f"      <td>{esc(call.school.name)}</td>\n"
            f"      <td>{esc(call.get_category_display())}</td>\n"
            f"      <td>{esc(call.responding_officer)}</td>\n"
            f'      <td><span class="badge {badge} status-badge">{esc(call.get_status_display())}</span></td>\n'
            "    </tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308  # nosec B308 B703 (every value escaped)
