"""Small tags the list pages use on every row or column, written in Python (the includes they replace cost a list
page a few milliseconds; tests/csu/test_csu_tags.py compares the markup).

- `{% sort_link "name" _("Name") %}`: a column header's sort link (was includes/sort_link.html);
- `{% detail_url "schools:school_detail" school.pk %}`: `{% url %}` for a URL taking one integer, reversed once per
  URL name (csu.registry.detail_url).
"""

from django import template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from csu.registry import detail_url as _detail_url

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_link(context, key, label) -> str:
    current = context.get("current_sort") or ""
    query = context.get("query_without_sort") or ""
    ascending = current == key
    prefix = f"{esc(query)}&amp;" if query else ""
    link = f'<a href="?{prefix}sort={"-" if ascending else ""}{esc(key)}">{esc(label)}</a>'
    if ascending:
        arrow, state = "▲", gettext("(sorted ascending)")
    elif current[1:] == key and current[:1] == "-":
        arrow, state = "▼", gettext("(sorted descending)")
    else:
        return mark_safe(link)  # noqa: S308  # nosec B308 B703 (every value escaped)
    link += f' <span aria-hidden="true">{arrow}</span><span class="visually-hidden">{state}</span>'
    return mark_safe(link)  # noqa: S308  # nosec B308 B703 (every value escaped; the translations are trusted)


@register.simple_tag
def detail_url(url_name: str, pk) -> str:
    return _detail_url(url_name, pk)
