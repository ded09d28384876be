"""Drills the way boards run them: school-led drills count, the year's extra rules, the report's drill quality."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from drills import year_rules
from drills.models import Drill
from drills.report_quality import drill_quality
from drills.selectors import compliance_rows
from reports import figures
from reports.figures import Period

from . import factories as f

pytestmark = pytest.mark.django_db


def test_a_drill_the_school_led_without_the_officer_counts(officer):
    school = f.school("Aspen PS", officer=officer)
    f.drill(school, officer, when=f.at(2025, 10, 1), police_role="absent")
    f.drill(school, officer, when=f.at(2026, 3, 1), police_role="observed")
    rows = compliance_rows(year=2025, today=dt.date(2026, 4, 1))
    assert rows[0].status == "compliant"


def test_extra_rules_name_what_is_missing(officer):
    rule = f.saved_rule(2025, require_unannounced=True, require_outside_class=True, require_bomb_threat=True)
    aspen, birch, cedar = (f.school(n, officer=officer) for n in ("Aspen", "Birch", "Cedar"))
    f.drill(aspen, officer, when=f.at(2025, 10, 1), announced=False, time_of_day="lunch")
    f.drill(aspen, officer, when=f.at(2025, 11, 1), kind_code="bomb-threat")
    f.drill(birch, officer, when=f.at(2025, 10, 1), time_of_day="class")
    f.drill(birch, officer, when=f.at(2025, 10, 2), status="scheduled", announced=False)  # not conducted yet
    found = year_rules.missing_by_school(rule=rule, school_ids=[aspen.pk, birch.pk, cedar.pk])
    assert year_rules.missing_for(found, aspen.pk, rule) == []
    assert year_rules.missing_for(found, birch.pk, rule) == ["unannounced", "outside_class", "bomb_threat"]
    assert year_rules.missing_for(found, cedar.pk, rule) == ["unannounced", "outside_class", "bomb_threat"]
    assert year_rules.missing_by_school(rule=f.saved_rule(2026)) == {}


def test_board_lists_schools_missing_a_year_rule(supervisor_client, officer):
    f.saved_rule(2025, require_unannounced=True)
    aspen, birch = f.school("Aspen", officer=officer), f.school("Birch", officer=officer)
    f.drill(aspen, officer, when=f.at(2025, 10, 1), announced=False)
    f.drill(birch, officer, when=f.at(2025, 10, 1))
    with time_machine.travel(f.at(2025, 11, 3), tick=False):
        page = supervisor_client.get(reverse("drills:drill_compliance")).content.decode()
        csv = b"".join(supervisor_client.get(reverse("drills:drill_compliance"), {"format": "csv"}).streaming_content)
    section = page[page.index("Year rules not met") :]
    assert "Birch</a> — an unannounced drill" in section and "Aspen</a>" not in section
    assert "an unannounced drill" in csv.decode()


def test_log_form_records_police_role_and_time_of_day(officer_client, officer):
    school = f.school("Aspen", officer=officer, since=dt.date(2020, 1, 1))
    f.kind("lockdown")
    data = {
        "school": school.pk,
        "kind": f.kind("lockdown").pk,
        "date": "2025-10-01",
        "start_time": "12:10",
        "end_time": "12:30",
        "announced": "",
        "time_to_secure": "95",
        "outcome": "satisfactory",
        "police_role": "observed",
        "time_of_day": "lunch",
    }
    with time_machine.travel(f.at(2025, 10, 2), tick=False):
        response = officer_client.post(reverse("drills:drill_log"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    drill = Drill.objects.get()
    assert (drill.police_role, drill.time_of_day, drill.announced) == ("observed", "lunch", False)


def test_drill_quality_by_hand(officer):
    aspen, birch = f.school("Aspen", officer=officer), f.school("Birch", officer=officer)
    for day, seconds, announced in ((3, 60, True), (4, 90, False), (5, 240, True)):
        f.drill(aspen, officer, when=f.at(2025, 3, day), time_to_secure=seconds, announced=announced)
    f.drill(birch, officer, when=f.at(2025, 4, 1), announced=False, police_role="absent")  # no time recorded
    f.drill(birch, officer, when=f.at(2024, 4, 1), time_to_secure=120)
    f.drill(birch, officer, when=f.at(2025, 4, 2), status="cancelled")
    section = drill_quality(Period.of("calendar", 2025, today=dt.date(2026, 1, 10)))
    found = {fig.key: (fig.this_period, fig.previous_period) for fig in section.figures}
    assert found["drills.time_to_secure_avg"] == (130.0, 120.0)  # (60 + 90 + 240) / 3
    assert found["drills.time_to_secure_median"] == (90.0, 120.0)
    assert found["drills.announced"] == (2, 1)
    assert found["drills.unannounced"] == (2, 0)
    roles = {row[0]: row[1] for row in section.tables[1].rows}
    assert roles["Led by the school, no officer present"] == 1 and roles["Led by the officer"] == 3
    # School year 2024-2025 as of 2025-12-31: Aspen has 3 lockdowns (2 required); Birch has 1 in 2024-25 (April 2025).
    not_meeting = dict(section.tables[2].rows)
    assert "Aspen" not in not_meeting and not_meeting["Birch"].startswith("Lockdown 1/2")
    assert drill_quality in figures.SECTIONS
