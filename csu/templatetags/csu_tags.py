"""`{% sort_link "name" _("Name") %}`: a list column's header link (markup in includes/sort_link.html), and the
filters the list templates use."""

import hashlib

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
    """The version under which includes/filter_form.html keeps a filter field's markup (its key adds the language,
    the field's id and value, and the cache's release prefix), or "" to render it afresh.

    A field with a csu.cache topic gives it (`NameChoiceField.fragment_version`: the 800 schools); any other is
    kept under a digest of what its markup is made of, its choices included (those of a few boards or officers
    are read for it, one query): rendering the fields through crispy-forms was a third of a list page.
    """
    if bound_field.errors:
        return ""
    field = bound_field.field
    method = getattr(field, "fragment_version", None)
    if method is not None:
        return method() or ""
    widget = field.widget
    # A comprehension, not list(): list() asks a ModelChoiceIterator its length, a COUNT query.
    choices = [choice for choice in getattr(field, "choices", ())]  # noqa: C416
    if choices:
        widget.choices = choices  # read once: a field rendered afresh does not query them again
    parts = (
        type(field).__name__,
        type(widget).__name__,
        str(field.label),
        str(field.help_text),
        field.required,
        field.disabled,
        sorted(widget.attrs.items()),
        getattr(widget, "input_type", ""),
        [(str(value), str(label)) for value, label in choices],
    )
    return "static-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


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
