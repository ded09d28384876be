"""Optimistic locking: a save whose `version` is stale is refused with a clear message instead of overwriting.

How an app uses it (the model has `version = models.PositiveIntegerField(default=1)`):

1. The edit form mixes in `VersionedFormMixin` (a hidden `version` field carrying the version the user saw):

       class CallForm(VersionedFormMixin, forms.ModelForm):
           class Meta:
               model = CallForService
               fields = ["occurred_at", "category", "summary"]

2. The update service takes the expected version and calls `save_with_version`:

       @transaction.atomic
       def call_update(*, call, expected_version, data, user) -> CallForService:
           return save_with_version(call, expected_version=expected_version, changes=data)

3. The view passes `form.cleaned_data["version"]` as `expected_version`, catches `ConcurrentEdit` and shows it on
   the re-rendered form (`form.add_concurrent_edit_error(exc)`, status 409 or 200): the message lists, for each
   field, what the user typed and what the other person saved. Nothing is overwritten. Test it at the service
   level (two loads of the row, two saves with the same version) like tests/security/test_locking.py.

The UPDATE ... WHERE pk = %s AND version = %s is atomic in the database, so two simultaneous saves of the same
version cannot both succeed whatever the isolation level.
"""

from __future__ import annotations

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext


class ConcurrentEdit(Exception):
    """The record changed since the user loaded it. `conflicts` holds (field, your value, saved value)."""

    def __init__(self, obj: models.Model, conflicts: list[tuple[str, object, object]]):
        self.obj = obj
        self.conflicts = conflicts
        super().__init__(self.message())

    def message(self) -> str:
        text = gettext("This record was changed by someone else while you were editing it. Nothing was saved.")
        if self.conflicts:
            parts = [
                gettext("%(field)s: you entered “%(yours)s”, the saved value is now “%(theirs)s”")
                % {"field": label, "yours": _display(mine), "theirs": _display(theirs)}
                for label, mine, theirs in self.conflicts
            ]
            text += " " + "; ".join(parts) + "."
        return text


def _display(value) -> str:
    if value in (None, ""):
        return "—"
    return str(value)


@transaction.atomic
def save_with_version(obj: models.Model, *, expected_version: int, changes: dict) -> models.Model:
    """Write `changes` to `obj` only if its row still has `expected_version`; the version goes up by one.

    The version is claimed first with `filter(pk=, version=expected).update(version=F("version") + 1)`: that
    UPDATE takes the row lock, so a concurrent save of the same version waits and then matches no row. The fields
    are then saved through `Model.save` in the same transaction, so django-simple-history records the change.
    Raises ConcurrentEdit (nothing written) when another save got there first.
    """
    model = type(obj)
    claimed = model._default_manager.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1)
    if claimed != 1:
        current = model._default_manager.get(pk=obj.pk)
        conflicts = []
        for name, mine in changes.items():
            field = model._meta.get_field(name)
            theirs = getattr(current, name)
            if mine != theirs:
                conflicts.append((str(field.verbose_name), mine, theirs))
        raise ConcurrentEdit(current, conflicts)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1
    obj.save()
    return obj


class VersionedFormMixin(forms.Form):
    """Adds a hidden `version` field holding the version of the record the user is editing."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.fields["version"].initial = instance.version

    def add_concurrent_edit_error(self, exc: ConcurrentEdit) -> None:
        self.add_error(None, exc.message())
