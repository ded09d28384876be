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
