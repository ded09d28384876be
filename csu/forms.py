"""Project-wide form rendering: what every form's fields need for an accessible error state.

Settings: FORM_RENDERER = "csu.forms.FormRenderer".
"""

import datetime as dt

import django_filters
from django import forms
from django.forms import BoundField as DjangoBoundField
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget
from django.utils.translation import get_language
from django_filters.constants import EMPTY_VALUES

from csu import cache


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


class _NameChoiceIterator(ModelChoiceIterator):
    """Choices from (pk, name_en, name_fr) rows, labelled in the interface language: no model instance per option
    (800 schools on a filter form)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        french = (get_language() or "").startswith("fr")
        for pk, name_en, name_fr in self.queryset.values_list("pk", "name_en", "name_fr"):
            yield (ModelChoiceIteratorValue(pk, None), name_fr if french and name_fr else name_en)


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for models with name_en / name_fr, labelled in the interface language."""

    iterator = _NameChoiceIterator

    def fragment_version(self) -> int | None:
        """The cache version under which includes/filter_form.html keeps this field's markup (the whole table of
        a model with a csu.cache topic: 800 schools), or None to render it afresh."""
        topic = NAME_CHOICE_TOPICS.get(self.queryset.model._meta.label)
        if not topic or self.queryset.query.where:
            return None
        return cache.version(topic)


NAME_CHOICE_TOPICS = {"schools.School": "schools"}


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
