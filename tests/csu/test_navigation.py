"""The top navigation marks exactly one item as the current section."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/schools/", "Schools"),
        ("/schools/calls/", "Calls"),
        ("/schools/coverage/", "Coverage"),
        ("/drills/", "Drills"),
        ("/drills/compliance/", "Drill compliance"),
        ("/events/calendar/", "Calendar"),
        ("/events/", "Events"),
    ],
)
def test_one_current_item(supervisor_client, path, current):
    html = supervisor_client.get(path).content.decode()
    nav = html.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'aria-current="page">([^<]+)</a>', nav) == [current]


def test_list_pages_are_read_only_and_outside_the_request_transaction():
    """FilteredListView pages run without ATOMIC_REQUESTS's transaction: none of them may take a POST."""
    from django.urls import get_resolver

    from csu.lists import FilteredListView

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern.callback

    lists = [
        v for v in walk(get_resolver().url_patterns) if issubclass(getattr(v, "view_class", object), FilteredListView)
    ]
    assert len(lists) >= 10
    for view in lists:
        assert view._non_atomic_requests == {"default"}, view.view_class
        assert "post" not in view.view_class.http_method_names and not hasattr(view.view_class, "post"), view
