"""Statistics, the RTD-layout export, the report section and the ICPI record against hand-counted data."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from csu.models import AuditEvent
from reports.figures import SECTIONS, Period
from reports.icpi import PROVIDERS, icpi_rows
from situations.icpi import situation_tables
from situations.report import situations_section
from situations.selectors import statistics_between

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_statistics_match_the_hand_count(hand_counted):
    s = statistics_between(*MARCH)
    assert (s.brought, s.presented, s.threshold_met, s.not_met) == (5, 4, 3, 1)
    assert s.threshold_share == 75.0
    assert s.hours == [20.0, 50.0] and s.median_hours == 35.0
    assert (s.responded, s.within_target, s.within_target_share) == (2, 1, 50.0)
    assert [(label, n) for _c, label, n in s.risk_factors] == [
        ("Homeless or transient", 3),
        ("Chronic drug use", 1),  # ties in the standard list's order
        ("Diagnosed mental health problem", 1),
    ]
    assert s.risk_categories == [("Housing", 3), ("Drugs (substance use)", 1), ("Mental health", 1)]
    assert s.lead_agencies == [("Agency B", 2), ("Agency C", 1)]
    assert s.originating_agencies == [("Agency A", 3), ("Agency C", 1), ("Agency D", 1)]
    assert s.conclusions == [
        ("Overall risk lowered: connected to services", 1),
        ("Still at elevated risk: refused services", 1),
    ]
    assert (s.concluded, s.risk_lowered) == (2, 1)
    assert s.not_met_reasons == [("Risk not acutely elevated", 1)]


def test_a_period_counts_each_step_by_its_own_date(hand_counted):
    # 1–4 March: S1, S2 brought and presented (M1); S3 brought on 03-04 but presented on 03-05.
    s = statistics_between(dt.date(2026, 3, 1), dt.date(2026, 3, 4))
    assert (s.brought, s.presented, s.threshold_met, s.concluded) == (3, 2, 1, 0)
    assert statistics_between(dt.date(2026, 4, 1), dt.date(2026, 4, 30)).presented == 0


def test_statistics_page_shows_the_figures(hand_counted, coordinator_client):
    response = coordinator_client.get(reverse("situations:statistics"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "75.0 %" in text and "35.0" in text and "Homeless or transient" in text and "Agency B" in text


def test_statistics_page_refuses_a_bad_period_without_a_500(hand_counted, coordinator_client):
    response = coordinator_client.get(reverse("situations:statistics"), {"start": "2026-03-31", "end": "2026-03-01"})
    assert response.status_code == 400
    assert "on or after the start" in response.content.decode()


def _rtd_rows(client):
    response = client.get(reverse("situations:rtd_export"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_rtd_export_rows_and_redaction(hand_counted, coordinator_client, coordinator):
    rows = _rtd_rows(coordinator_client)
    by_id = {row["Discussion ID"]: row for row in rows}
    refs = {k: v.reference for k, v in hand_counted.items() if k.startswith("S")}
    assert set(by_id) == {refs["S1"], refs["S2"], refs["S3"], refs["S4"], refs["S6"]}  # S5 voided
    s1 = by_id[refs["S1"]]
    assert s1["Date brought (filter 1)"] == "2026-03-02"
    assert s1["Discussion date (filter 2)"] == "2026-03-03"
    assert s1["Acutely elevated risk (threshold met)"] == "Y"
    assert s1["Lead agency (filter 3)"] == "Agency B" and s1["Assisting agencies"] == "Agency C"
    assert s1["Risk factors"] == "Housing: Homeless or transient; Mental health: Diagnosed mental health problem"
    assert s1["Protective factors"] == "Family and social supports: Supportive family"
    assert s1["Services mobilized"] == "Housing / shelter; Mental health services"
    assert (s1["Hours to first response"], s1["Within target"], s1["Reviews"]) == ("20.0", "Y", "1")
    assert (s1["Date concluded"], s1["Conclusion"]) == ("2026-03-12", "Overall risk lowered: connected to services")
    s2 = by_id[refs["S2"]]
    assert s2["Acutely elevated risk (threshold met)"] == "N"
    assert s2["Reason threshold not met"] == "Risk not acutely elevated"
    for column in (
        "Lead agency (filter 3)",
        "Assisting agencies",
        "Risk factors",
        "Protective factors",
        "Services mobilized",
        "Conclusion",
    ):
        assert s2[column] == "N/A"
    assert (s2["Discussion type"], s2["Age group"], s2["Gender"]) == ("Family", "Multiple age groups", "Multiple")
    assert by_id[refs["S3"]]["Within target"] == "N"
    assert by_id[refs["S6"]]["Acutely elevated risk (threshold met)"] == ""
    event = AuditEvent.objects.filter(action=AuditEvent.Action.RECORDS_EXPORTED).get()
    assert event.actor == coordinator and "5 rows" in event.detail


def test_report_section_figures(hand_counted):
    assert situations_section in SECTIONS
    section = situations_section(Period.of("calendar", 2026, today=dt.date(2026, 12, 1)))
    figures = {(f.key, f.group): f.this_period for f in section.figures}
    assert figures[("situations.presented", "")] == 4
    assert figures[("situations.threshold_met", "")] == 3
    assert figures[("situations.median_hours_to_response", "")] == 35.0
    assert figures[("situations.risk_factor", "Homeless or transient")] == 3
    assert figures[("situations.risk_factor", "Chronic drug use")] == 1
    assert section.as_dict()["figures"][0]["key"] == "situations.presented"


@pytest.mark.django_db
def test_report_section_is_empty_without_data():
    section = situations_section(Period.of("calendar", 2026, today=dt.date(2026, 12, 1)))
    assert {f.key: f.this_period for f in section.figures}["situations.median_hours_to_response"] is None


def test_icpi_record_of_the_table(hand_counted, settings):
    assert situation_tables in PROVIDERS
    [initiative] = situation_tables()
    assert initiative.name == "Test HUB"
    assert initiative.partners.startswith("Agency A") and "Agency D" in initiative.partners
    assert "2026" not in initiative.time_in_place and "since 2024-01-01" in initiative.time_in_place
    assert "Risk-driven Tracking Database" in initiative.forms_of_evaluation
    assert any(row[2] == "Test HUB" for row in icpi_rows())
