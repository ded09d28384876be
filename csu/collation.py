"""Sorting by what the page shows: the name in the reader's language, compared the way that language sorts.

A French page shows "École Charlotte-Lemieux" and sorts it with the other É names, not by its English name and not
after "Z" (byte order). PostgreSQL compares with its ICU collations (`fr-CA-x-icu`, `en-CA-x-icu`); other databases
(SQLite in the embedded default) compare plainly.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils.translation import get_language

COLLATIONS = {"fr": "fr-CA-x-icu", "en": "en-CA-x-icu"}


def shown_name(field: str = "name"):
    """An expression for `<field>_fr` (when set) on French pages, else `<field>_en`, in the language's collation.
    `field` may go through relations: `shown_name("school__name")`."""
    language = (get_language() or "en")[:2]
    if language == "fr":
        expression = Coalesce(NullIf(F(f"{field}_fr"), Value("")), F(f"{field}_en"))
    else:
        expression = F(f"{field}_en")
    if connection.vendor == "postgresql":
        expression = Collate(expression, COLLATIONS.get(language, COLLATIONS["en"]))
    return expression
