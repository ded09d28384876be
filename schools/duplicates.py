"""New schools of an import that look like schools already in the registry (another external id): shown to the
person importing, who decides (schools.importer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import School


@dataclass
class Duplicate:
    """A new row that looks like a school already in the registry (another external id)."""

    line: int
    name: str
    existing_id: int
    existing_name: str
    reason: str


def normalised_name(name: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: "École St-Jean" and "Ecole St Jean" match."""
    import unicodedata

    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.85


def find_duplicates(new_rows) -> list[Duplicate]:
    """New rows that look like an existing school: the same normalised name and board, or a near-identical name
    (85 % alike) at the same street address. One query (the registry's names and addresses)."""
    by_name: dict[tuple[str, str], tuple[int, str]] = {}
    by_address: dict[str, list[tuple[int, str, str]]] = {}
    for pk, name_en, name_fr, board_code, number, street in School.objects.values_list(
        "pk", "name_en", "name_fr", "board__code", "street_number", "street"
    ):
        for name in (name_en, name_fr):
            if name:
                by_name.setdefault((normalised_name(name), board_code.upper()), (pk, name_en))
        address = normalised_name(f"{number} {street}")
        if address:
            by_address.setdefault(address, []).append((pk, name_en, normalised_name(name_en)))
    found = []
    for line, values in new_rows:
        name = normalised_name(values["name_en"])
        match = by_name.get((name, values["board"].upper()))
        if match:
            found.append(Duplicate(line, values["name_en"], match[0], match[1], _("same name and board")))
            continue
        address = normalised_name(f"{values.get('street_number', '')} {values.get('street', '')}")
        for pk, existing_name, existing_normalised in by_address.get(address, []) if address else []:
            if _similar(name, existing_normalised):
                found.append(Duplicate(line, values["name_en"], pk, existing_name, _("similar name, same address")))
                break
    return found
