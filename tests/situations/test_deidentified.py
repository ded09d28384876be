"""No identifying information by design: every field of every record is a choice, a relation, a number, a date or
a short text that refuses what looks identifying."""

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from situations.validators import (
    MESSAGES,
    SHORT_TEXT_MAX,
    SHORT_TEXT_VALIDATORS,
    ListOfChoices,
    identifying_kinds,
    no_identifying_text,
)

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


def test_an_address_inside_a_longer_word_run_is_still_found():
    """The e-mail pattern starts only where a run of address characters starts (bounded scanning of long posts),
    and still finds the whole address wherever it is."""
    assert identifying_kinds("notes:" + "x" * 60 + "@example.org") == ["email"]
    assert identifying_kinds("see a.b+c@agency.on.ca.") == ["email"]


def test_over_long_text_gets_the_length_message_only():
    """Posted text over the limit is refused for its length (the field says how long it may be) and is not scanned,
    so a huge hostile post costs nothing; once shortened, the identifying checks apply."""
    field = forms.CharField(validators=SHORT_TEXT_VALIDATORS)
    with pytest.raises(ValidationError) as refused:
        field.clean("x" * 100_000 + " mail ana@example.org")
    assert [e.code for e in refused.value.error_list] == ["max_length"]
    with pytest.raises(ValidationError) as refused:
        field.clean("mail ana@example.org")
    assert refused.value.messages == [str(MESSAGES["email"])]


def test_a_list_field_takes_only_its_codes():
    check = ListOfChoices(["mon", "tue"])
    check(["mon", "tue"])
    for bad in (["Mr Smith"], "mon", [1]):
        with pytest.raises(ValidationError):
            check(bad)
