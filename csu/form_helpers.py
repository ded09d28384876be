"""Form helpers every app shares: service errors onto a form, the staff pickers, the date and time widgets."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.Form, exc: ValidationError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError next to the fields it names (at the top when the form lacks the field).

    `field_map` renames service keys to the form's fields (a drill's `conducted_start` shows on `start_time`).
    """
    field_map = field_map or getattr(form, "error_fields", None) or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            field = field_map.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def staff_queryset():
    """Every active member of the unit (anyone with a role), by name."""
    from accounts.models import User

    return User.objects.filter(is_active=True).exclude(role="").order_by("display_name", "username")


def officer_queryset(*, with_supervisors: bool = False):
    """Active officers (and supervisors, who may lead a drill), by name."""
    from accounts.models import Role, User

    roles = [Role.OFFICER, Role.SUPERVISOR] if with_supervisors else [Role.OFFICER]
    return User.objects.filter(role__in=roles, is_active=True).order_by("display_name", "username")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def school_picker(field: forms.ModelChoiceField, user=None) -> None:
    """The officer's own schools first ("My schools", then "All schools"), and a filter box above the list.

    The filter box is static/js/entry.js (progressive enhancement: without JavaScript the plain select works).
    Choices only change how the list reads; the field still validates against its queryset.
    """
    from django.utils.translation import gettext_lazy as _

    from schools.models import Assignment

    field.widget.attrs["data-filter-list"] = "schools"
    field.widget.attrs["data-filter-label"] = _("Type to filter the schools")
    if user is None or not getattr(user, "is_authenticated", False):
        return
    mine = set(Assignment.objects.current().filter(officer=user).values_list("school_id", flat=True))
    if not mine:
        return
    schools = [(s.pk, str(s)) for s in field.queryset]
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = [
        *empty,
        (_("My schools"), [c for c in schools if c[0] in mine]),
        (_("All schools"), schools),
    ]
