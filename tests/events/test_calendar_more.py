"""The month view's "N more" link is written by a tag (events_calendar.calendar_more, for speed): the markup must be
what the include it replaced gave, in both languages."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation

from events.selectors import Day

REFERENCE = (
    '{% load i18n %}{% if day.more %}<a class="small d-inline-block mt-1" href="?view=day&amp;date='
    "{{ day.date|date:'Y-m-d' }}&amp;{{ filter_query }}\">{% blocktranslate count counter=day.more %}{{ counter }} "
    'more{% plural %}{{ counter }} more{% endblocktranslate %}<span class="visually-hidden"> — '
    '{{ day.date|date:"l Y-m-d" }}</span></a>{% endif %}\n'
)


@pytest.mark.parametrize("language", ["en", "fr-ca"])
@pytest.mark.parametrize("more", [0, 1, 7])
def test_same_markup_as_the_include(language, more):
    engine = engines["django"]
    context = {"day": Day(date=dt.date(2026, 11, 5), more=more), "filter_query": "kind=drill&staff=<3>"}
    with translation.override(language):
        expected = engine.from_string(REFERENCE).render(context)
        actual = engine.from_string("{% load events_calendar %}{% calendar_more day %}\n").render(context)
    assert actual == expected
    if more:
        assert "date=2026-11-05" in actual and "staff=&lt;3&gt;" in actual
        assert ("jeudi" if language == "fr-ca" else "Thursday") in actual
    else:
        assert actual == "\n"
