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


def test_pages_are_grouped_into_a_few_sections(supervisor_client):
    """Eleven or more pages become at most eight top-level entries; the current page's section is marked."""
    html = supervisor_client.get("/schools/calls/").content.decode()
    nav = html.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    top_level = nav.count('<li class="nav-item')
    assert top_level <= 10, top_level  # at most eight sections and links, then the profile and sign-out
    assert nav.count("dropdown-toggle") >= 3
    assert nav.count('class="dropdown-item') >= 8
    toggle = nav.split('aria-current="page"')[0].rsplit("dropdown-toggle", 1)[1]
    assert " active" in toggle.split(">", 1)[0] and "(current section)" in toggle
    assert 'data-bs-toggle="dropdown"' in nav and 'aria-expanded="false"' in nav


def test_the_calls_filters_fold_behind_a_button_that_counts_them(supervisor_client):
    from tests.page import read

    html = supervisor_client.get("/schools/calls/").content.decode()
    assert 'class="collapse show filter-collapse' in html  # open without JavaScript
    assert 'data-active-filters="0"' in html and "active</span>" not in html
    html = supervisor_client.get("/schools/calls/", {"category": "trespass", "occurred_from": "2026-01-01"}).content
    page = read(html.decode())
    assert 'data-active-filters="2"' in html.decode()
    assert any(text == "Filter 2 active" for text in [" ".join(t.split()) for t in _button_texts(html.decode())])
    assert page.selects  # the form is still there, open


def _button_texts(html: str) -> list[str]:
    import re

    return [re.sub(r"<[^>]+>", "", b) for b in re.findall(r"<button[^>]*filter-toggle[^>]*>(.*?)</button>", html, re.S)]
