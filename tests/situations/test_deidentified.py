"""No identifying information by design: every field of every record is a choice, a relation, a number, a date or
a short text that refuses what looks identifying."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from situations.validators import SHORT_TEXT_MAX, ListOfChoices, identifying_kinds, no_identifying_text

RECORDS = ["SituationTable", "TableMeeting", "Situation", "Review"]
REFERENCE_DATA = ["Factor"]  # the standard factor list: labels written by the ministry, not about anyone
FORBIDDEN_NAMES = ("first_name", "last_name", "surname", "address", "birth", "dob", "phone", "file_number", "email")


def _kind(field) -> str:
    if field.is_relation:
        return "relation"
    if isinstance(field, (models.AutoField, models.BigAutoField, models.IntegerField, models.PositiveIntegerField)):
        return "number"
    if isinstance(field, (models.BooleanField, models.DateField, models.DateTimeField)):
        return "date/boolean"
    if isinstance(field, models.JSONField) and any(isinstance(v, ListOfChoices) for v in field.validators):
        return "choices"
    if isinstance(field, models.CharField) and field.choices:
        return "choices"
    if (
        isinstance(field, models.CharField)
        and field.max_length <= SHORT_TEXT_MAX
        and no_identifying_text in field.validators
    ):
        return "short validated text"
    return f"NOT ALLOWED ({type(field).__name__})"


@pytest.mark.parametrize("model_name", RECORDS)
def test_every_field_of_the_records_is_safe(model_name):
    model = apps.get_model("situations", model_name)
    kinds = {f.name: _kind(f) for f in model._meta.get_fields() if f.concrete or f.many_to_many}
    print(model_name, kinds)
    assert not [name for name, kind in kinds.items() if kind.startswith("NOT ALLOWED")], kinds
    assert not [n for n in kinds if any(word in n for word in FORBIDDEN_NAMES)]


def test_only_known_models_in_the_app():
    names = {
        m.__name__ for m in apps.get_app_config("situations").get_models() if not m.__name__.startswith("Historical")
    }
    assert names == set(RECORDS + REFERENCE_DATA)


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Born 2009-04-17, lives alone", "date"),
        ("DOB 17/04/2009", "date"),
        ("April 17, 2009", "date"),
        ("le 17 avril 2009", "date"),
        ("dob unknown", "date_of_birth"),
        ("née le printemps", "date_of_birth"),
        ("call 705-555-0199", "phone"),
        ("(705) 555 0199", "phone"),
        ("near K9J 7A1", "postal_code"),
        ("k9j7a1", "postal_code"),
        ("mail x.y@example.org", "email"),
        ("file 20240031", "digits"),
        ("OEN 123 456 789", "digits"),
        ("lives at 123 George Street", "address"),
        ("au 45, rue Principale", "address"),
        ("Mr Smith refused", "honorific_name"),
        ("Mme Tremblay", "honorific_name"),
    ],
)
def test_identifying_text_is_refused(text, kind):
    assert kind in identifying_kinds(text)
    with pytest.raises(ValidationError):
        no_identifying_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Family connected to housing services; follow-up at the next meeting.",
        "Youth aged 16-17 missing school for 3 weeks",
        "Risk lowered after 2 visits by Agency B within 48 h",
        "Presented by CMHA; Peterborough Public Health assisting",
        "Refused services twice",
    ],
)
def test_ordinary_de_identified_text_is_accepted(text):
    assert identifying_kinds(text) == []
    no_identifying_text(text)


def test_a_list_field_takes_only_its_codes():
    check = ListOfChoices(["mon", "tue"])
    check(["mon", "tue"])
    for bad in (["Mr Smith"], "mon", [1]):
        with pytest.raises(ValidationError):
            check(bad)
