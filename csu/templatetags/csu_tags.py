"""`{% sort_link "name" _("Name") %}`: a list column's header link (markup in includes/sort_link.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("includes/sort_link.html", takes_context=True)
def sort_link(context, key, label) -> dict:
    return {
        "key": key,
        "label": label,
        "current_sort": context.get("current_sort") or "",
        "query_without_sort": context.get("query_without_sort") or "",
    }


@register.filter
def fragment_version(bound_field):
    """The cache version of a form field whose markup may be kept (`NameChoiceField.fragment_version`), else ""."""
    method = getattr(bound_field.field, "fragment_version", None)
    if method is None or bound_field.errors:
        return ""
    return method() or ""


@register.simple_tag(takes_context=True)
def active_filter_count(context, filterset) -> int:
    """How many of the filter form's fields the page's address sets (the "Filter" button's badge)."""
    query = context["request"].GET
    return sum(1 for name in filterset.form.fields if any(value.strip() for value in query.getlist(name)))


@register.simple_tag
def error_count(form) -> int:
    """How many messages includes/form_errors.html lists: the form's own and every field's, one line each (a field
    with two errors counts two; form.errors|length would count it once)."""
    return len(form.non_field_errors()) + sum(len(field.errors) for field in form)


@register.filter
def summary_label(field) -> str:
    """A field's name in the error summary: its label, or the short name the form gives in `summary_labels` for a
    field whose label is a whole sentence (a consent wording)."""
    return getattr(field.form, "summary_labels", {}).get(field.name) or field.label
