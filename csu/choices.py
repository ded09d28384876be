"""Classifications shared by several apps (DOMAIN.md: unit pillars, Ontario CSWB areas)."""

from functools import partialmethod

from django.apps import apps
from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    EDUCATION = "education", _("Education")
    INCLUSION = "inclusion", _("Inclusion")
    OPPORTUNITY = "opportunity", _("Opportunity")
    FUNCTIONING_FAMILIES = "families", _("Functioning families")


class CswbArea(models.TextChoices):
    SOCIAL_DEVELOPMENT = "social_development", _("Social development")
    PREVENTION = "prevention", _("Prevention")
    RISK_INTERVENTION = "risk_intervention", _("Risk intervention")
    INCIDENT_RESPONSE = "incident_response", _("Incident response")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")


_PROJECT_APPS = {"accounts", "committees", "csu", "drills", "events", "programs", "reports", "schools", "threats"}


def _display(self, *, field):
    """`get_FOO_display()` from a dictionary built once per field.

    Django's rebuilds `dict(make_hashable(field.flatchoices))` at every call, hashing each lazy label (one gettext
    each): a list page of 25 rows showing two such fields made about 400 gettext calls for nothing. Labels stay
    lazy in the dictionary, so the answer is still in the language of the request.
    """
    value = getattr(self, field.attname)
    labels = field.__dict__.get("_csu_labels")
    if labels is None:
        labels = field._csu_labels = dict(field.flatchoices)
    try:
        label = labels.get(value, value)
    except TypeError:  # an unhashable value (a JSON list): Django's own way
        return models.Model._get_FIELD_display(self, field)
    return force_str(label, strings_only=True)


def install_fast_displays() -> None:
    """Give the project's models (and their history models) the `_display` above (called from CsuConfig.ready).

    Only the methods Django generated are replaced (a model's own `get_FOO_display` stays), and not for fields with
    callable choices (which may change between calls).
    """
    for model in apps.get_models():
        if model._meta.app_label not in _PROJECT_APPS:
            continue
        for field in model._meta.fields:
            name = f"get_{field.name}_display"
            if (
                field.choices
                and not isinstance(field.choices, CallableChoiceIterator)
                and isinstance(model.__dict__.get(name), partialmethod)
            ):
                setattr(model, name, partialmethod(_display, field=field))
