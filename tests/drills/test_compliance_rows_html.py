"""The compliance table's rows are written in Python (drills_compliance.compliance_rows_html, for speed): the markup
must be what the template loop it replaced gives, in both languages, with and without every optional column."""

import datetime as dt

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from drills.models import DrillKind
from drills.selectors import CompliancePart, ComplianceRow, Status

# The row loop of drills/includes/compliance_table.html before it became the tag (kept here as the reference).
REFERENCE = """{% load i18n %}{% url 'drills:drill_schedule' as schedule_url %}<div class="table-responsive">
<table class="table table-striped align-middle">
  <thead><tr>
    <th scope="col">{% translate "School" %}</th>
    {% if show_officer %}<th scope="col">{% translate "Officer" %}</th>{% endif %}
    <th scope="col">{% translate "Required drills" %}</th>
    <th scope="col">{% translate "Status" %}</th>
    <th scope="col">{% translate "Next scheduled" %}</th>
    <th scope="col">{% translate "Last completed" %}</th>
    {% if can_add %}<th scope="col"><span class="visually-hidden">{% translate "Actions" %}</span></th>{% endif %}
  </tr></thead>
  <tbody>
  {% for row in rows %}
  <tr>
    <td>{{ row.school_name }}{% if show_board %} <span class="small text-body-secondary">{{ row.board_code }}</span>{% endif %}</td>
    {% if show_officer %}<td>{{ row.officer_name|default:"—" }}</td>{% endif %}
    <td>{{ row.progress_label }}{% if row.parts|length > 1 %}{% include "drills/includes/compliance_parts.html" %}{% endif %}</td>
    <td><span class="badge {{ row.badge }} status-badge">{{ row.status_label }}</span>{% if row.status != "compliant" %} <span class="small text-body-secondary">{{ row.deadline_label }}</span>{% endif %}</td>
    <td>{{ row.next_scheduled|date:"SHORT_DATETIME_FORMAT"|default:"—" }}</td>
    <td>{{ row.last_completed|date:"Y-m-d"|default:"—" }}</td>
    {% if can_add %}<td><a class="btn btn-sm btn-outline-primary" href="{{ schedule_url }}?school={{ row.school_id }}">{% translate "Schedule" %}<span class="visually-hidden"> {{ row.school_name }}</span></a></td>{% endif %}
  </tr>
  {% empty %}
  <tr><td colspan="7">{% translate "No schools." %}</td></tr>
  {% endfor %}
  </tbody>
</table>
</div>
"""  # noqa: E501


def _rows():
    lockdown = DrillKind(pk=1, code="lockdown", name_en="Lockdown", name_fr="Confinement barricadé")
    hold = DrillKind(pk=2, code="hold", name_en="Hold & <Secure>", name_fr="Garder & <sécuriser>")
    deadline = dt.date(2026, 12, 31)
    two_parts = [
        CompliancePart(kind=lockdown, completed=2, required=2, status=Status.COMPLIANT, deadline=deadline),
        CompliancePart(kind=hold, completed=0, required=1, status=Status.OVERDUE, deadline=deadline),
    ]
    one_part = [CompliancePart(kind=lockdown, completed=1, required=2, status=Status.DUE_SOON, deadline=deadline)]
    common = {"board_id": 1, "deadline": deadline}
    return [
        ComplianceRow(
            school_id=7, school_name='École "Sainte-Anne" & <fils>', board_code="CECCE", officer_id=3,
            officer_name="Cst. O'Brien <b>", completed=2, required=3, status=Status.OVERDUE,
            next_scheduled=dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC), last_completed=dt.date(2026, 10, 2),
            parts=two_parts, **common,
        ),
        ComplianceRow(
            school_id=8, school_name="Alpha", board_code="OCDSB", officer_id=None, officer_name="", completed=1,
            required=2, status=Status.DUE_SOON, next_scheduled=None, last_completed=None, parts=one_part, **common,
        ),
        ComplianceRow(
            school_id=9, school_name="Beta", board_code="OCDSB", officer_id=3, officer_name="Cst. O'Brien <b>",
            completed=2, required=2, status=Status.COMPLIANT, next_scheduled=None,
            last_completed=dt.date(2026, 9, 30), parts=one_part[:0], **common,
        ),
    ]  # fmt: skip


FLAGS = [(False, False, False), (True, True, True), (True, False, True), (False, True, False)]


@pytest.mark.parametrize("language", ["en", "fr-ca"])
@pytest.mark.parametrize("flags", FLAGS)
@pytest.mark.parametrize("empty", [False, True])
def test_same_markup_as_the_template_loop(settings, language, flags, empty):
    settings.TIME_ZONE = "America/Toronto"
    show_officer, show_board, can_add = flags
    context = {"rows": [] if empty else _rows(), "show_officer": show_officer, "show_board": show_board}
    context["can_add"] = can_add
    with translation.override(language):
        expected = engines["django"].from_string(REFERENCE).render(context)
        actual = render_to_string("drills/includes/compliance_table.html", context)
    assert actual == expected
    if not empty:  # the comparison would also pass on two empty tables
        assert actual.count("<tr>") == 4
        assert "&lt;fils&gt;" in actual and "<fils>" not in actual
        if language == "en":
            assert "Hold &amp; &lt;Secure&gt;: 0 of 1 — Overdue" in actual
        if show_officer:
            assert "<td>—</td>" in actual  # Alpha has no officer
        assert ("?school=7" in actual) is can_add
