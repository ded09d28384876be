"""`filter_field`: a list page's filter field, rendered like crispy-bootstrap5 does but without its template tree.

crispy's `as_crispy_field` renders about a dozen nested templates per field: on a list page with eight filters that
was a fifth of the page's time. Text, date, select and checkbox inputs (every filter the apps use) are written
here with the same markup (ids, classes, error text and its aria links; tests/csu/test_filter_field.py compares
the two); any other widget falls back to crispy.
"""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import format_html, format_html_join

register = template.Library()

_INPUTS = (forms.TextInput, forms.DateInput, forms.NumberInput, forms.EmailInput, forms.Select, forms.CheckboxInput)


def _css(widget) -> str:
    name = widget.__class__.__name__.lower()
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxinput form-check-input"
    if isinstance(widget, forms.Select):
        return f"{name} form-select"
    return f"{name} form-control"


@register.filter
def filter_field(field):
    widget = field.field.widget
    if (
        not isinstance(widget, _INPUTS)
        or isinstance(widget, forms.SelectMultiple)
        or widget.is_hidden
        or field.help_text
    ):
        return as_crispy_field(field)
    css = _css(widget)
    existing = widget.attrs.get("class")
    attrs = {"class": f"{css} {existing}" if existing else css}
    errors = ""
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, e) for n, e in enumerate(field.errors, start=1)),
            ),
        )
    control = field.as_widget(attrs=attrs)
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="mb-3"><div id="div_{}" class="form-check">{}'
            '<label for="{}" class="form-check-label">{}</label>{}</div></div>',
            field.auto_id,
            control,
            field.id_for_label,
            field.label,
            errors,
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        control,
        errors,
    )
