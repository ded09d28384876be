"""List pages read a page in the second half backwards (csu.lists.FilteredListView._page_ids, for speed): every
page must hold the rows reading forward would give, in the same order, for every sort (ties and NULLs included)."""

import pytest

from csu.lists import FilteredListView
from tests.schools.conftest import assign, make_school

pytestmark = pytest.mark.django_db

SORTS = ["name", "-name", "officer", "-officer", "city", "-city", "board", "-category"]


def _read_all(client, sort) -> list[list[int]]:
    pages, number = [], 1
    while True:
        response = client.get("/schools/", {"sort": sort, "page": number})
        assert response.status_code == 200
        pages.append([s.pk for s in response.context["object_list"]])
        if not response.context["page_obj"].has_next():
            return pages
        number += 1


def test_pages_read_backwards_equal_pages_read_forward(coordinator_client, officer, other_officer, monkeypatch):
    for n in range(58):  # three pages of 25; duplicate names and cities, unassigned schools (NULL officer)
        school = make_school(f"School {n % 7}", city=["Ottawa", "", "Nepean"][n % 3])
        if n % 4:
            assign(school, officer if n % 2 else other_officer)
    backwards = {sort: _read_all(coordinator_client, sort) for sort in SORTS}
    monkeypatch.setattr(FilteredListView, "_page_ids", lambda self, qs, paginator, page: list(page.object_list))
    for sort in SORTS:
        forward = _read_all(coordinator_client, sort)
        assert backwards[sort] == forward, sort
        assert [len(p) for p in forward] == [25, 25, 8]
        assert len({pk for page in forward for pk in page}) == 58
