"""`filter_field` writes what crispy writes for every filter field of every list page (whitespace aside)."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django.test import RequestFactory
from django.utils import translation

from csu.templatetags.csu_forms import filter_field
from tests.urls import project_urls

pytestmark = pytest.mark.django_db


def _normal(html: str) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*([<>])\s*", r"\1", html).strip()


def _filtersets():
    from django.urls import resolve

    from csu.lists import FilteredListView

    seen = {}
    for _name, path in project_urls():
        view = getattr(resolve(path).func, "view_class", None)
        if view and issubclass(view, FilteredListView) and view.filterset_class:
            seen[view.filterset_class.__name__] = view.filterset_class
    return sorted(seen.items())


FILTERSETS = _filtersets()


def test_every_list_filterset_is_checked():
    assert len(FILTERSETS) >= 10, [name for name, _ in FILTERSETS]


@pytest.mark.parametrize("language", ["en", "fr-ca"])
@pytest.mark.parametrize(("name", "filterset_class"), FILTERSETS, ids=[n for n, _ in FILTERSETS])
def test_filter_field_matches_crispy(name, filterset_class, language, officer):
    bad = {}
    for field_name, declared in filterset_class.base_filters.items():
        bad[field_name] = "not-a-date" if "Date" in declared.field_class.__name__ else "999999"
    request = RequestFactory().get("/")
    request.user = officer
    compared = 0
    with translation.override(language):
        for data in ({}, bad):
            filterset = filterset_class(
                data or None, queryset=filterset_class._meta.model.objects.none(), request=request
            )
            filterset.is_valid()
            for field in filterset.form:
                assert _normal(filter_field(field)) == _normal(as_crispy_field(field)), (name, field.name)
                compared += 1
    assert compared == 2 * len(filterset_class.base_filters)
