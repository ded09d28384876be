"""Project-wide form rendering: what every form's fields need for an accessible error state.

Settings: FORM_RENDERER = "csu.forms.FormRenderer".
"""

from django.forms import BoundField as DjangoBoundField
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget


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
