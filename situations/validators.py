"""Free text in the situation table's records must not identify anyone (de-identified by design, RTD practice).

`no_identifying_text` refuses text that looks like a date (of birth), a phone number, a Canadian postal code, an
e-mail address, a street address, a run of six or more digits (file, health-card or student numbers), an honorific
followed by a capitalised word ("Mr Smith", "Mme Roy") or the words "DOB" / "date of birth" / "né(e) le".
Capitalised word pairs ("Firstname Lastname") are not refused: agency and place names look the same, so the form
warns instead.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

SHORT_TEXT_MAX = 300

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?|janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t"
    r"|d[ée]c(?:embre)?"
)
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("date", re.compile(r"\b\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}\b")),
    ("date", re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th|er)?,?\s+\d{{4}}\b", re.I)),
    ("date", re.compile(rf"\b\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\.?\s+\d{{4}}\b", re.I)),
    (
        "date_of_birth",
        re.compile(r"\b(?:d\.?o\.?b|date\s+of\s+birth|born\s+on|n[ée]e?\s+le|date\s+de\s+naissance)\b", re.I),
    ),
    ("phone", re.compile(r"(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b")),
    ("postal_code", re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?-?\d[ABCEGHJ-NPRSTV-Z]\d\b", re.I)),
    # The look-behind starts a match only where a run of address characters starts: without it, a long run with no
    # "@" is scanned again from each of its characters (100,000 of them took 40 s of one core).
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")),
    ("digits", re.compile(r"\d(?:[\s-]?\d){5,}")),
    (
        "address",
        re.compile(
            r"\b\d{1,5}\s+(?:[A-Za-zÀ-ÿ'-]+\s+){1,3}(?:st|street|ave|avenue|rd|road|dr|drive|blvd|boulevard|cres|"
            r"crescent|ct|court|lane|ln|way|pl|place|terr?|terrace|hwy|highway)\b\.?",
            re.I,
        ),
    ),
    ("address", re.compile(r"\b\d{1,5},?\s+(?:rue|chemin|boul(?:evard)?|avenue|av\.|promenade|croissant)\s", re.I)),
    ("honorific_name", re.compile(r"\b(?:M[rsx]|Mrs|Miss|Mme|Mlle)\.?\s+[A-ZÀ-Ý][a-zà-ÿ]+")),
]

MESSAGES = {
    "date": _("Remove the date: dates in free text can identify someone (a date of birth)."),
    "date_of_birth": _("Do not record a date of birth."),
    "phone": _("Remove the phone number."),
    "postal_code": _("Remove the postal code."),
    "email": _("Remove the e-mail address."),
    "digits": _("Remove the long number: file, health-card or student numbers identify someone."),
    "address": _("Remove the street address."),
    "honorific_name": _("Remove the name: situations are recorded without names."),
}

WARNING = _("De-identified: no names, addresses, dates of birth, phone or file numbers. At most 300 characters.")


def identifying_kinds(text: str) -> list[str]:
    """The kinds of identifying information `text` seems to hold, in PATTERNS order, each once."""
    found: list[str] = []
    for kind, pattern in PATTERNS:
        if kind not in found and pattern.search(text or ""):
            found.append(kind)
    return found


def no_identifying_text(value: str) -> None:
    """Text longer than SHORT_TEXT_MAX is not scanned: the length validator beside this one refuses it first, and
    the scan's cost stays bounded whatever is posted."""
    if len(value or "") > SHORT_TEXT_MAX:
        return
    kinds = identifying_kinds(value)
    if kinds:
        raise ValidationError([MESSAGES[kind] for kind in kinds], code="identifying")


SHORT_TEXT_VALIDATORS = [MaxLengthValidator(SHORT_TEXT_MAX), no_identifying_text]


@deconstructible
class ListOfChoices:
    """A JSON list whose every item is one of `codes` (a TextChoices' values): nothing free-typed."""

    def __init__(self, codes):
        self.codes = tuple(codes)

    def __call__(self, value) -> None:
        if not isinstance(value, list) or any(item not in self.codes for item in value):
            raise ValidationError(_("Choose from the list."), code="invalid_choice")

    def __eq__(self, other) -> bool:
        return isinstance(other, ListOfChoices) and self.codes == other.codes
