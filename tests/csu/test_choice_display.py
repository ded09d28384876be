"""`get_FOO_display()` of the project's models comes from csu.choices._display (speed); it must answer as Django's."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from csu.choices import _PROJECT_APPS, _display


def _choice_fields():
    for model in apps.get_models():
        if model._meta.app_label in _PROJECT_APPS:
            for field in model._meta.fields:
                if field.choices:
                    yield model, field


def test_every_generated_display_method_is_replaced():
    fields = list(_choice_fields())
    assert len(fields) > 20  # status, category, kind... on the models and their history models
    for model, field in fields:
        method = model.__dict__[f"get_{field.name}_display"]
        assert isinstance(method, partialmethod) and method.func is _display, (model, field.name)


@pytest.mark.parametrize("language", ["en", "fr-ca"])
def test_same_answers_as_django_in_both_languages(language):
    checked = 0
    with translation.override(language):
        for model, field in _choice_fields():
            obj = model()
            for value in [v for v, _label in field.flatchoices] + ["not-a-choice", None]:
                setattr(obj, field.attname, value)
                fast = getattr(obj, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(obj, field)
                assert fast == django and type(fast) is type(django), (model, field.name, value)
                checked += 1
    assert checked > 100


def test_the_label_follows_the_active_language():
    from schools.models import CallForService

    call = CallForService(status=CallForService._meta.get_field("status").flatchoices[0][0])
    english = call.get_status_display()
    with translation.override("fr-ca"):
        french = call.get_status_display()
    assert english != french  # the dictionary keeps lazy labels, rendered per request
