"""Optimistic locking: a save whose `version` is stale is refused with one clear message instead of overwriting.

Every app uses this module (one message, one helper, one form field):

1. The model has `version = models.PositiveIntegerField(default=1)`.
2. The edit form mixes in `VersionedFormMixin` (a ModelForm: a hidden `version` field on an existing record), or a
   plain form declares `version = VersionField()`.
3. The service locks the row and checks the version in its transaction, then saves with the version bumped:

       @transaction.atomic
       def call_update(*, call, expected_version, by, **fields):
           call = lock_version(CallForService, call.pk, expected_version)
           ...                     # apply and validate
           call.version += 1
           call.save()

   or, when the instance already carries the new values (a ModelForm's instance), `save_versioned(instance,
   expected_version=...)`; or `save_with_version(obj, expected_version=..., changes={...})` which also says, field
   by field, what the other person saved.
4. The view shows the `StaleVersion` (a ValidationError, code "stale") on the re-rendered form with
   `csu.form_helpers.apply_errors`. Nothing is overwritten.

The row lock (`SELECT ... FOR UPDATE` on PostgreSQL; on SQLite the write transaction starts as a writer, see the
database settings) serialises two saves of the same version: the second one sees the new version and is refused.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "This record was changed by someone else while you were editing it. Nothing was saved: reload the page to see "
    "their changes, then make yours again."
)


class StaleVersion(ValidationError):
    """The record changed since the user loaded it. `conflicts` holds (field label, your value, saved value)."""

    def __init__(self, conflicts: list[tuple[str, object, object]] | None = None, obj: models.Model | None = None):
        self.conflicts = conflicts or []
        self.obj = obj
        super().__init__(_stale_text(self.conflicts), code="stale")


def _stale_text(conflicts) -> str:
    text = str(STALE_MESSAGE)
    if conflicts:
        parts = [
            gettext("%(field)s: you entered “%(yours)s”, the saved value is now “%(theirs)s”")
            % {"field": label, "yours": _display(mine), "theirs": _display(theirs)}
            for label, mine, theirs in conflicts
        ]
        text += " " + "; ".join(parts) + "."
    return text


def _display(value) -> str:
    if value in (None, ""):
        return "—"
    return str(value)


def lock_version(model: type[models.Model], pk, expected_version: int | None, *, queryset=None) -> models.Model:
    """The row `pk` of `model`, locked for the rest of the transaction; StaleVersion if its version moved on.

    `expected_version=None` means the caller has no version to compare (a background job, a command): the row is
    locked but not checked. Forms always send one (`VersionField` is required).
    """
    qs = queryset if queryset is not None else model._default_manager.all()
    obj = qs.select_for_update().get(pk=pk)
    if expected_version is not None and obj.version != expected_version:
        raise StaleVersion(obj=obj)
    return obj


@transaction.atomic
def save_versioned(instance: models.Model, *, expected_version: int | None) -> models.Model:
    """Save `instance` (already holding its new values); a new record starts at version 1."""
    if instance.pk is None:
        instance.version = 1
        instance.save()
        return instance
    current = lock_version(type(instance), instance.pk, expected_version)
    instance.version = current.version + 1
    instance.save()
    return instance


@transaction.atomic
def save_with_version(obj: models.Model, *, expected_version: int, changes: dict) -> models.Model:
    """Write `changes` to `obj` only if its row still has `expected_version`; the version goes up by one.

    A refusal names each field where what the user typed differs from what was saved meanwhile.
    """
    model = type(obj)
    try:
        current = lock_version(model, obj.pk, expected_version)
    except StaleVersion as exc:
        conflicts = []
        for name, mine in changes.items():
            theirs = getattr(exc.obj, name)
            if mine != theirs:
                conflicts.append((str(model._meta.get_field(name).verbose_name), mine, theirs))
        raise StaleVersion(conflicts, obj=exc.obj) from None
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version = current.version + 1
    obj.save()
    return obj


class VersionField(forms.IntegerField):
    """The hidden version the user saw. Required: a form without it comes from a page older than the record."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class VersionedFormMixin:
    """For ModelForms: a hidden `version` field holding the version of the record being edited (none on create)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and hasattr(instance, "version"):
            self.fields["version"] = VersionField(initial=instance.version)

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("version") if "version" in self.fields else None

    def add_concurrent_edit_error(self, exc: StaleVersion) -> None:
        self.add_error(None, exc)
