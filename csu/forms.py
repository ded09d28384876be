"""Project-wide form rendering: what every form's fields need for an accessible error state.

Settings: FORM_RENDERER = "csu.forms.FormRenderer".
"""

import datetime as dt
import html

import django_filters
from django import forms
from django.forms import BoundField as DjangoBoundField
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget, Select
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_filters.constants import EMPTY_VALUES

from csu import versions


class BoundField(DjangoBoundField):
    """Django's BoundField, plus what radio buttons and checkbox lists lack after a failed submit.

    Django puts `aria-describedby` (the error text) only on the <fieldset> around radio buttons and checkbox
    lists, while every option gets `aria-invalid`: screen readers do not reliably read a fieldset's description
    when focus lands on an option, so each option also points at the error text. And such fields have no
    `id_for_label` (the legend labels the group), so the error summary links to the first option instead.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if (
            self.use_fieldset
            and attrs.get("aria-invalid") == "true"
            and not attrs.get("aria-describedby")
            and self.auto_id
        ):
            attrs["aria-describedby"] = f"{self.auto_id}_error"
        return attrs

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        """Django's, except that a plain <select> is written straight from its choices (`fast_select`)."""
        widget = widget or self.field.widget
        if only_initial or self.field.localize or not is_plain_select(widget):
            return super().as_widget(widget, attrs, only_initial)
        attrs = self.build_widget_attrs(attrs or {}, widget)
        if self.auto_id and "id" not in widget.attrs:
            attrs.setdefault("id", self.auto_id)
        return fast_select(widget, self.html_name, self.value(), attrs)

    @property
    def error_anchor_id(self) -> str:
        """The element id the error summary links to: the labelled control, else the first option."""
        if self.id_for_label:
            return self.id_for_label
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        if id_ and isinstance(widget, ChoiceWidget):
            return widget.id_for_label(id_, "0")
        return ""


class FormRenderer(DjangoTemplates):
    bound_field_class = BoundField

    def render(self, template_name, context, request=None):
        if template_name == _SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html
        elif template_name in INPUT_TEMPLATES and "widget" in context:
            return render_input(context["widget"])
        return super().render(template_name, context, request)


_SELECT = "django/forms/widgets/select.html"
# Django's widget templates that are nothing but `{% include "django/forms/widgets/input.html" %}`
# (tests/csu/test_select_rendering.py checks it against the installed Django).
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number", "password",
        "search", "tel", "text", "time", "url",
    )
)  # fmt: skip
_OPTION = "django/forms/widgets/select_option.html"


def _esc(value) -> str:
    """Autoescaping as in a template: a safe string as is, anything else escaped."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _attrs_html(attrs: dict) -> str:
    """Django's widgets/attrs.html: `True` gives a bare attribute, `False` none; values go through
    `stringformat:'s'`, so they are always escaped."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_esc(name)}" if value is True else f' {_esc(name)}="{html.escape(str(value))}"')
    return "".join(parts)


def render_select(widget: dict) -> str | None:
    """Django's select.html and select_option.html for a widget context, built in Python; None if not plain.

    A filter with 800 schools rendered one template include per option: about 100 ms of a list page's 130 ms.
    The markup is byte-for-byte what the templates give (tests/csu/test_select_rendering.py compares both).
    """
    parts = [f'<select name="{_esc(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_esc(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None
            value = html.escape(str(option["value"]))
            parts.append(
                f'\n  <option value="{value}"{_attrs_html(option["attrs"])}>{_esc(option["label"])}</option>\n'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts).strip())  # noqa: S308  # nosec B308 B703 (every value escaped above)


def is_plain_select(widget) -> bool:
    """A Select (or SelectMultiple) whose markup comes from Django's own templates and option logic."""
    cls = type(widget)
    return (
        isinstance(widget, Select)
        and widget.template_name == _SELECT
        and widget.option_template_name == _OPTION
        and not widget.option_inherits_attrs
        and cls.get_context is Select.get_context
        and cls.optgroups is ChoiceWidget.optgroups
        and cls.create_option is ChoiceWidget.create_option
        and cls.render is Select.render
    )


def fast_select(widget: Select, name: str, value, attrs: dict | None) -> str:
    """What `widget.render(name, value, attrs)` gives for a plain select, without a dict and a template per option.

    `ChoiceWidget.optgroups` builds a dictionary of nine keys for each option before any markup is written: 800
    schools in a filter cost a list page about a fifth of its time. Same rules as Django's (a top-level None value
    is "", the first match selected unless the widget takes several); tests/csu/test_select_rendering.py compares
    the markup with the templates'.
    """
    final_attrs = widget.build_attrs(widget.attrs, attrs)
    if widget.allow_multiple_selected:
        final_attrs["multiple"] = True
    values = widget.format_value(value)  # a list, or a string (NullBooleanSelect: `in` is then a substring test)
    options = None
    kept = getattr(widget.choices, "kept_options_html", None)
    if kept is not None and not widget.allow_multiple_selected and isinstance(values, list) and len(values) == 1:
        options = kept(values[0])
    if options is None:
        options = _options_html(widget.choices, values, widget.allow_multiple_selected)
    html_text = f'<select name="{_esc(name)}"{_attrs_html(final_attrs)}>{options}\n</select>'
    return mark_safe(html_text.strip())  # noqa: S308  # nosec B308 B703 (every value escaped)


def _options_html(choices, values, several: bool) -> str:
    has_selected = False
    parts = []
    escape = html.escape
    for option_value, option_label in choices:
        if option_value is None:
            option_value = ""
        if isinstance(option_label, (list, tuple)):
            grouped = bool(option_value)  # the template writes <optgroup> only for a group with a name
            group = option_label
        else:
            grouped = False
            group = ((option_value, option_label),)
        if grouped:
            parts.append(f'\n  <optgroup label="{_esc(option_value)}">')
        for subvalue, sublabel in group:
            text = str(subvalue)
            selected = (several or not has_selected) and text in values
            has_selected |= selected
            label = sublabel.__html__() if hasattr(sublabel, "__html__") else escape(str(sublabel))
            mark = " selected" if selected else ""
            parts.append(f'\n  <option value="{escape(text)}"{mark}>{label}</option>\n')
        if grouped:
            parts.append("\n  </optgroup>")
    return "".join(parts)


def render_input(widget: dict) -> str:
    """Django's input.html for a widget context, built in Python: a list page's filter form has half a dozen inputs,
    each two templates deep. Byte-for-byte the templates' markup (tests/csu/test_select_rendering.py)."""
    value = "" if widget["value"] is None else f' value="{html.escape(str(widget["value"]))}"'
    markup = f'<input type="{_esc(widget["type"])}" name="{_esc(widget["name"])}"{value}{_attrs_html(widget["attrs"])}>'
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703 (every value escaped)


class _NameChoiceIterator(ModelChoiceIterator):
    """Choices from (pk, name_en, name_fr) rows: no model instance per option (800 schools on a filter form)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        french = (get_language() or "").startswith("fr")
        for pk, name_en, name_fr in self._rows():
            yield (ModelChoiceIteratorValue(pk, None), name_fr if french and name_fr else name_en)

    def kept_options_html(self, value: str) -> str | None:
        """The <option> markup with `value` selected, from markup kept while the table has not changed (see
        `_rows`); None when it is not kept. Django's single select marks the first option with that value."""
        rows = self.queryset.values_list("pk")
        topic = NAME_CHOICE_TOPICS.get(rows.model._meta.label)
        if not topic or rows.query.where:
            return None
        key = (
            "name-options",
            rows.model._meta.label,
            tuple(rows.query.order_by),
            get_language(),
            str(self.field.empty_label),
        )
        unselected = versions.memoized(topic, key, lambda: _options_html(self, [], False))
        option = f'\n  <option value="{html.escape(value)}">'
        return unselected.replace(option, f"{option[:-1]} selected>", 1)

    def _rows(self):
        """The (pk, name_en, name_fr) rows; for a whole table with a csu.versions topic (schools), kept by the
        process until a row changes: the calls, drills and sessions filters each list 800 schools."""
        rows = self.queryset.values_list("pk", "name_en", "name_fr")
        topic = NAME_CHOICE_TOPICS.get(rows.model._meta.label)
        if topic and not rows.query.where:
            key = ("name-choices", rows.model._meta.label, tuple(rows.query.order_by))
            return versions.memoized(topic, key, lambda: list(rows))
        return rows


NAME_CHOICE_TOPICS = {"schools.School": "schools"}


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for models with name_en / name_fr, labelled in the interface language."""

    iterator = _NameChoiceIterator


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NameChoiceField


class _EvaluatedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """django-filter's choices (with its null choice), read with one plain query: Django's reads them through a
    server-side cursor (`QuerySet.iterator()`: DECLARE, FETCH and CLOSE for a dozen boards or officers)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class _ModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = _EvaluatedChoiceIterator


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter, its choices read without a server-side cursor."""

    field_class = _ModelChoiceField


class LocalDateFilter(django_filters.DateFilter):
    """A day filter on a timestamp column: `lookup_expr` "gte" (from that day) or "lte" (up to that day, included).

    Compares with local midnights instead of casting every row's timestamp to a date (`date__gte`), so that an
    index on the column answers it.
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        from csu.dates import local_midnight

        if self.lookup_expr == "gte":
            return qs.filter(**{f"{self.field_name}__gte": local_midnight(value)})
        if self.lookup_expr == "lte":
            return qs.filter(**{f"{self.field_name}__lt": local_midnight(value + dt.timedelta(days=1))})
        raise ValueError(f"LocalDateFilter supports gte and lte, not {self.lookup_expr}")
