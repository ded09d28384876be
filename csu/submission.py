"""Exactly once: a create form carries a one-time key; a repeat of the key answers with the record already made.

How an app uses it:

1. The create form mixes in `SubmissionKeyFormMixin`: a hidden `submission_key`, new at every GET (an invalid
   POST re-renders the same key, so a retry after fixing a field is still the same submission).
2. The view wraps the service call that creates the record:

       @submit_once
       def drill_log(request):
           ...
           drill = create_once(request, form, lambda: services.drill_complete(...))

   (class-based create views add `SubmitOnceMixin` and call `create_once` where they call the service).

`create_once` claims (key, user) in a `SubmissionKey` row inside the same transaction as the record, then stores
which record it made. A second request with the key either finds that row before doing anything (a repeat in a
row: `submit_once` redirects to the record) or, when both arrive at once, waits on the unique constraint until
the first commits and then finds the row (raises `AlreadySubmitted`, which `submit_once` turns into the same
redirect). If the first request is refused (a validation error), its claim is rolled back with it and the key
stays usable. A POST without a key (a script, an old page) is processed as before.
"""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.shortcuts import redirect
from django.utils.translation import gettext

from .form_helpers import apply_errors
from .models import SubmissionKey

FIELD = "submission_key"
_VALID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

T = TypeVar("T", bound=models.Model)


def new_key() -> str:
    return secrets.token_urlsafe(24)


class AlreadySubmitted(Exception):
    """This key already made a record: answer with `url` (where that record is)."""

    def __init__(self, claim: SubmissionKey):
        self.claim = claim
        self.url = claim.url
        super().__init__(claim.key)


class SubmissionKeyFormMixin:
    """Adds the hidden one-time key to a create form; `form.submission_key` holds the cleaned value ("" if none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.submission_key = ""
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:  # only a form that creates a record
            self.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial=new_key)

    def clean(self):
        cleaned = super().clean()
        value = (cleaned or {}).pop(FIELD, "") or ""
        self.submission_key = value if _VALID.match(value) else ""
        return cleaned


def _posted_key(request) -> str:
    if request.method != "POST" or not request.user.is_authenticated:
        return ""
    for name, value in request.POST.items():
        if (name == FIELD or name.endswith("-" + FIELD)) and _VALID.match(value or ""):
            return value
    return ""


def find_claim(request) -> SubmissionKey | None:
    """The claim a POST's key already made (committed), if any."""
    key = _posted_key(request)
    if not key:
        return None
    return SubmissionKey.objects.filter(key=key, user=request.user, object_id__isnull=False).first()


def _url_of(obj: models.Model, url: str | Callable[[models.Model], str] | None) -> str:
    if callable(url):
        return url(obj)
    if url:
        return url
    return obj.get_absolute_url()


def create_once(
    request, form: forms.Form, create: Callable[[], T], *, url: str | Callable[[models.Model], str] | None = None
) -> T:
    """Run `create()` (a service call returning the new record) at most once for the form's key.

    Raises AlreadySubmitted when another request with the key made the record; lets the service's
    ValidationError through (the claim is then rolled back, the key stays usable).
    """
    key = getattr(form, "submission_key", "") or ""
    if not key or not request.user.is_authenticated:
        return create()
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = SubmissionKey.objects.create(key=key, user=request.user)
        except IntegrityError:
            # The other request has committed by now (the unique index made this insert wait for it).
            existing = SubmissionKey.objects.filter(key=key, user=request.user, object_id__isnull=False).first()
            if existing is None:
                raise
            raise AlreadySubmitted(existing) from None
        obj = create()
        claim.content_type = ContentType.objects.get_for_model(obj)
        claim.object_id = obj.pk
        claim.url = _url_of(obj, url)[:300]
        claim.save(update_fields=["content_type", "object_id", "url"])
    return obj


def answer_repeat(request, claim: SubmissionKey):
    messages.info(request, gettext("This form had already been saved: here is the record. Nothing was saved twice."))
    return redirect(claim.url or "/")


def _once(request, respond):
    """`respond()`, unless the POST's key already made its record: then that record is shown."""
    claim = find_claim(request)
    if claim is not None:
        return answer_repeat(request, claim)
    try:
        response = respond()
    except AlreadySubmitted as exc:
        return answer_repeat(request, exc.claim)
    if response.status_code == 200 and _posted_key(request):
        # The form shown again: when the same form was sent twice at once, the other request may have committed
        # while this one was checked, and a unique check then refused what the other had just saved.
        claim = find_claim(request)
        if claim is not None:
            return answer_repeat(request, claim)
    return response


def submit_once(view):
    """For function views that call `create_once`: a repeated key is answered with the record already made."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return _once(request, lambda: view(request, *args, **kwargs))

    return wrapped


class SubmitOnceMixin:
    """For class-based create views whose save goes through `create_once` (ServiceFormMixin, programs' service
    views): a repeated key is answered with the record already made."""

    def post(self, request, *args, **kwargs):
        return _once(request, lambda: super(SubmitOnceMixin, self).post(request, *args, **kwargs))


class ServiceFormMixin(SubmitOnceMixin, PermissionRequiredMixin):
    """Create/update views whose save goes through a service; its ValidationError is shown on the form. A create
    runs once per submission key (csu.submission)."""

    template_name_suffix = "_form"
    raise_exception = True

    def save(self, form):  # pragma: no cover - overridden
        raise NotImplementedError

    def form_valid(self, form):
        try:
            if form.instance.pk is None:
                self.object = create_once(self.request, form, lambda: self.save(form), url=self._url_of)
            else:
                self.object = self.save(form)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, gettext("Saved."))
        return redirect(self.get_success_url())

    def _url_of(self, obj) -> str:
        self.object = obj
        return self.get_success_url()

    def get_success_url(self):
        return self.object.get_absolute_url() if hasattr(self.object, "get_absolute_url") else self.success_url
