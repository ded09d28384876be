"""csu.forms.ModelChoiceFilter: django-filter's choices, read with one plain query (no server-side cursor)."""

import django_filters
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from csu.forms import ModelChoiceFilter
from schools.models import Board

pytestmark = pytest.mark.django_db


def _filterset(filter_class, **kwargs):
    class F(django_filters.FilterSet):
        board = filter_class(queryset=Board.objects.order_by("code"), **kwargs)

        class Meta:
            model = Board
            fields = []

    return F(data={}, queryset=Board.objects.all())


@pytest.mark.parametrize("kwargs", [{}, {"null_label": "None", "empty_label": "All boards"}, {"empty_label": None}])
def test_same_choices_as_django_filter(kwargs):
    for code in ("B", "A", "C"):
        Board.objects.create(code=code, name_en=f"Board {code}")
    ours = [(str(v), str(label)) for v, label in _filterset(ModelChoiceFilter, **kwargs).form.fields["board"].choices]
    theirs = _filterset(django_filters.ModelChoiceFilter, **kwargs).form.fields["board"].choices
    assert ours == [(str(v), str(label)) for v, label in theirs]
    boards = [str(b) for b in Board.objects.order_by("code")]
    assert [label for _v, label in ours if label in boards] == boards and len(boards) == 3
    with CaptureQueriesContext(connection) as queries:
        html = str(_filterset(ModelChoiceFilter, **kwargs).form["board"])
    with CaptureQueriesContext(connection) as theirs_queries:
        assert str(_filterset(django_filters.ModelChoiceFilter, **kwargs).form["board"]) == html
    assert all(label in html for label in boards)
    assert not [q for q in queries if "DECLARE" in q["sql"]]
    assert [q for q in theirs_queries if "DECLARE" in q["sql"]]  # what it saves: a server-side cursor
    # One query; two without an empty choice (the widget reads the first choice to decide on `required`).
    assert len(queries) == (1 if kwargs.get("empty_label", "") is not None else 2)
