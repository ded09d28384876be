"""The schools and calls lists' rows are written by tags (schools_rows, for speed): the markup must be the
template loops' they replaced, in English and French, for open and closed schools, assigned or not, voided calls."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import timezone, translation

from schools.models import CallForService, School
from tests.schools.conftest import assign, make_call, make_school

pytestmark = pytest.mark.django_db

# The <tbody> of schools/school_list.html and schools/call_list.html before the tags (kept here as the reference).
SCHOOL_REFERENCE = '{% load i18n csu_tags %}  <tbody>\n  {% for school in object_list %}\n    <tr>\n      <td><a href="{% detail_url \'schools:school_detail\' school.pk %}">{{ school.name }}</a>{% if not school.active %} <span class="badge text-bg-secondary status-badge">{% translate "Closed" %}</span>{% endif %}</td>\n      <td>{{ school.board.code }}</td>\n      <td>{{ school.get_category_display }}</td>\n      <td>{{ school.city }}</td>\n      <td>{% if school.current_officer_name %}{{ school.current_officer_name }}{% elif school.active %}<span class="badge text-bg-warning status-badge">{% translate "Unassigned" %}</span>{% else %}—{% endif %}</td>\n    </tr>\n  {% empty %}\n    <tr><td colspan="5">{% translate "No school matches these filters." %}</td></tr>\n  {% endfor %}\n  </tbody>'  # noqa: E501
CALL_REFERENCE = '{% load i18n csu_tags %}  <tbody>\n  {% for call in object_list %}\n    <tr>\n      <td>{{ call.occurred_at|date:"Y-m-d H:i" }}</td>\n      <td><a href="{% detail_url \'schools:call_detail\' call.pk %}">{{ call.occurrence_number }}</a></td>\n      <td>{{ call.school.name }}</td>\n      <td>{{ call.get_category_display }}</td>\n      <td>{{ call.responding_officer }}</td>\n      <td><span class="badge {% if call.status == "voided" %}text-bg-secondary{% else %}text-bg-success{% endif %} status-badge">{{ call.get_status_display }}</span></td>\n    </tr>\n  {% empty %}\n    <tr><td colspan="6">{% translate "No call matches these filters." %}</td></tr>\n  {% endfor %}\n  </tbody>'  # noqa: E501


def _tbody(path):
    from django.template.loader import get_template

    source = get_template(path).template.source
    return "{% load i18n csu_tags schools_rows %}" + source[source.index("  <tbody>") : source.index("  </tbody>") + 10]


@pytest.mark.parametrize("language", ["en", "fr-ca"])
def test_school_rows_as_the_loop(language, officer):
    open_school = make_school("Alpha & <Co>", name_fr="Alpha FR", city="Ottawa")
    assign(open_school, officer)
    make_school("Beta", city="")
    make_school("Closed one", active=False)
    schools = list(School.objects.with_current_assignment().select_related("board").order_by("name_en"))
    engine = engines["django"]
    for rows in ([], schools):  # the full table last: checked below
        with translation.override(language):
            expected = engine.from_string(SCHOOL_REFERENCE).render({"object_list": rows})
            actual = engine.from_string(_tbody("schools/school_list.html")).render({"object_list": rows})
        assert actual == expected
    assert ("Alpha &amp; &lt;Co&gt;" if language == "en" else "Alpha FR") in expected
    assert expected.count("<tr>") == 3 and expected.count("status-badge") == 2  # Beta unassigned, one closed


@pytest.mark.parametrize("language", ["en", "fr-ca"])
def test_call_rows_as_the_loop(language, officer):
    school = make_school("Gamma")
    make_call(school, officer, occurred_at=timezone.make_aware(dt.datetime(2026, 1, 2, 23, 30), dt.UTC))
    voided = make_call(school, officer)
    CallForService.objects.filter(pk=voided.pk).update(status="voided", void_reason="x")
    calls = list(CallForService.objects.select_related("school", "responding_officer").order_by("pk"))
    engine = engines["django"]
    for rows in ([], calls):  # the full table last: checked below
        with translation.override(language):
            expected = engine.from_string(CALL_REFERENCE).render({"object_list": rows})
            actual = engine.from_string(_tbody("schools/call_list.html")).render({"object_list": rows})
        assert actual == expected
    assert "text-bg-secondary" in expected and "2026-01-02 18:30" in expected  # Toronto time
