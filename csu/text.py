"""Small language rules that templates and messages share."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.utils.translation import get_language

# French elides "de" before a vowel or a (mute) h: "d'Overbrook", "d'Hamilton"; "de Queen Mary".
_ELIDING = set("aeiouyh")


def _first_letter(word: str) -> str:
    for char in word.strip():
        if char.isalpha():
            return unicodedata.normalize("NFD", char)[0].casefold()
    return ""


def service_name(language: str | None = None) -> str:
    """The service's name in the current (or given) language: settings.SERVICE_NAME_FR in French when set."""
    language = (language or get_language() or "en").lower()
    if language.startswith("fr") and settings.SERVICE_NAME_FR:
        return settings.SERVICE_NAME_FR
    return settings.SERVICE_NAME


def from_name(name: str, language: str | None = None) -> str:
    """ "from <name>" in the current (or given) language: "d’Overbrook" and "de Queen Mary" in French."""
    language = (language or get_language() or "en").lower()
    if language.startswith("fr"):
        return f"d’{name}" if _first_letter(name) in _ELIDING else f"de {name}"
    return f"from {name}"


def interface_language(stored: str | None, default: str | None = None) -> str:
    """The interface language (settings.LANGUAGES: "fr-ca") for a two-letter one stored on a record ("fr"): the
    catalogue is locale/fr_CA, so translation.override("fr") would find none and write English. `default` (else
    LANGUAGE_CODE) for anything else."""
    stored = (stored or "")[:2].lower()
    for code, _name in settings.LANGUAGES:
        if stored and code[:2] == stored:
            return code
    return default or settings.LANGUAGE_CODE
