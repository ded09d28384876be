"""csu_tags: `sort_link` gives the markup of the include it replaced; `detail_url` what `{% url %}` gives."""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

# includes/sort_link.html before it became the tag (kept here as the reference).
REFERENCE = '{% comment %}Usage: {% include "includes/sort_link.html" with key="name" label=_("Name") %}{% endcomment %}{% load i18n %}<a href="?{% if query_without_sort %}{{ query_without_sort }}&amp;{% endif %}sort={% if current_sort == key %}-{% endif %}{{ key }}">{{ label }}</a>{% if current_sort == key %} <span aria-hidden="true">▲</span><span class="visually-hidden">{% translate "(sorted ascending)" %}</span>{% elif current_sort|slice:"1:" == key and current_sort|first == "-" %} <span aria-hidden="true">▼</span><span class="visually-hidden">{% translate "(sorted descending)" %}</span>{% endif %}\n'  # noqa: E501


@pytest.mark.parametrize("language", ["en", "fr-ca"])
@pytest.mark.parametrize("current", ["", "name", "-name", "city", "-city", "-"])
@pytest.mark.parametrize("query", ["", "q=a%26b&board=<1>"])
def test_sort_link_as_the_include(language, current, query):
    engine = engines["django"]
    context = {"current_sort": current, "query_without_sort": query, "key": "name", "label": "Name & <co>"}
    with translation.override(language):
        expected = engine.from_string(REFERENCE).render(context)
        actual = engine.from_string("{% load csu_tags %}{% sort_link key label %}\n").render(context)
        literal = engine.from_string('{% load csu_tags %}{% sort_link "name" _("Name") %}').render(context)
    assert actual == expected
    assert "Name &amp; &lt;co&gt;" in actual and ("&lt;1&gt;" in actual) is bool(query)
    assert ("▲" in actual) is (current == "name") and ("▼" in actual) is (current == "-name")
    assert ">Name<" in literal or ">Nom<" in literal


@pytest.mark.parametrize(
    ("name", "pk"), [("schools:school_detail", 7), ("drills:drill_detail", 1234567), ("schools:call_detail", 1)]
)
def test_detail_url_as_url(name, pk):
    template = engines["django"].from_string("{% load csu_tags %}{% detail_url name pk %}")
    assert template.render({"name": name, "pk": pk}) == reverse(name, args=[pk])
