"""Block Watch: groups, captains (with consent), activities; counts in the report and one ICPI row per group."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from engagement.blockwatch import Activity, Captain, Group
from reports.figures import SECTIONS, Period
from reports.icpi import icpi_rows

pytestmark = pytest.mark.django_db


def _group(**kw):
    values = {"name": "Elm Street", "area": "Elm St. 1st to 5th", "households": 40, "status": "active",
              "started_on": dt.date(2024, 3, 1)}  # fmt: skip
    values.update(kw)
    return Group.objects.create(**values)


def test_coordinator_creates_a_group_and_an_officer_records_an_assessment(coordinator_client, officer_client, officer):
    response = coordinator_client.post(
        "/engagement/block-watch/new/",
        {"name": "Maple Court", "area": "Maple Ct.", "households": "25", "status": "active", "officer": officer.pk,
         "started_on": "2025-05-01"},
    )  # fmt: skip
    group = Group.objects.get(name="Maple Court")
    assert response.status_code == 302
    coordinator_client.post(
        group.get_absolute_url(),
        {"add": "captain", "captain-role": "captain", "captain-name": "Dana Roy", "captain-consent_at": "2025-05-01"},
    )
    assert Captain.objects.get().name == "Dana Roy"
    officer_client.post(
        group.get_absolute_url(),
        {"add": "activity", "activity-kind": "home_assessment", "activity-on": "2025-06-02",
         "activity-notes": "Motion lights at the rear"},
    )  # fmt: skip
    activity = Activity.objects.get()
    assert activity.officer == officer and activity.recorded_by == officer
    page = officer_client.get(group.get_absolute_url()).content.decode()
    assert "Dana Roy" in page and "Home security assessment" in page


def test_officer_cannot_add_captains_or_groups(officer_client, officer):
    group = _group(officer=officer)
    response = officer_client.post(
        group.get_absolute_url(),
        {"add": "captain", "captain-role": "captain", "captain-name": "X", "captain-consent_at": "2025-05-01"},
    )
    assert response.status_code == 403 and not Captain.objects.exists()
    assert officer_client.get("/engagement/block-watch/new/").status_code == 403


def test_future_activity_is_refused_next_to_the_field(officer_client, officer):
    group = _group(officer=officer)
    response = officer_client.post(
        group.get_absolute_url(), {"add": "activity", "activity-kind": "training", "activity-on": "2099-01-01"}
    )
    assert "Record an activity once it has happened." in response.content.decode()
    assert not Activity.objects.exists()


def test_report_counts_groups_running_in_the_period_and_icpi_lists_each(officer):
    _group()  # running since 2024
    _group(name="Old Oak", households=10, started_on=dt.date(2020, 1, 1), ended_on=dt.date(2023, 6, 30))
    _group(name="Forming", households=99, status="forming", started_on=dt.date(2024, 1, 1))
    running = Group.objects.get(name="Elm Street")
    Activity.objects.create(group=running, kind="area_assessment", on=dt.date(2025, 4, 2), recorded_by=officer)
    Activity.objects.create(group=running, kind="training", on=dt.date(2025, 4, 3), recorded_by=officer)
    section = next(s for s in SECTIONS if s.__name__ == "engagement_section")(Period.of("calendar", 2025))
    figures = {f.key: (f.this_period, f.previous_period) for f in section.figures}
    assert figures["blockwatch.groups_active"] == (1, 1)
    assert figures["blockwatch.households"] == (40, 40)
    assert figures["blockwatch.assessments"] == (1, 0)
    names = [row[2] for row in icpi_rows()]
    assert "Block Watch: Elm Street" in names and "Block Watch: Old Oak" not in names


def test_list_exports_csv(coordinator_client):
    _group()
    body = b"".join(coordinator_client.get("/engagement/block-watch/?format=csv").streaming_content).decode()
    assert "Elm Street" in body


def _cancel_link(response) -> str:
    return re.search(r'<a [^>]*href="([^"]+)"[^>]*>\s*Cancel\s*</a>', response.content.decode()).group(1)


def test_cancel_goes_back_where_the_form_came_from(coordinator_client):
    group = _group()
    assert _cancel_link(coordinator_client.get("/engagement/block-watch/new/")) == "/engagement/block-watch/"
    assert _cancel_link(coordinator_client.get(f"/engagement/block-watch/{group.pk}/edit/")) == group.get_absolute_url()
    assert _cancel_link(coordinator_client.get("/engagement/subscribers/new/")) == "/engagement/subscribers/"
    assert _cancel_link(coordinator_client.get("/engagement/bulletins/new/")) == "/engagement/bulletins/"


def test_too_many_households_is_said_next_to_the_field_with_the_limit(coordinator_client):
    response = coordinator_client.post(
        "/engagement/block-watch/new/",
        {"name": "Maple Court", "area": "Maple Ct.", "households": "999999", "status": "active",
         "started_on": "2025-05-01"},
    )  # fmt: skip
    form = response.context["form"]
    assert form.errors["households"] == ["A group counts at most 100,000 households."]
    assert not form.non_field_errors()
    page = response.content.decode()
    assert "Constraint" not in page and "Households: A group counts at most 100,000 households." in page
    assert not Group.objects.exists()
    assert (
        coordinator_client.post(
            "/engagement/block-watch/new/",
            {"name": "Big", "area": "All", "households": "100000", "status": "active", "started_on": "2025-05-01"},
        ).status_code
        == 302
    )


def test_a_captains_consent_cannot_be_dated_in_the_future(coordinator_client):
    group = _group()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = coordinator_client.post(
        group.get_absolute_url(),
        {"add": "captain", "captain-role": "captain", "captain-name": "Dana Roy", "captain-consent_at": tomorrow},
    )
    assert response.status_code == 400
    assert response.context["captain_form"].errors["consent_at"] == ["The date of consent cannot be in the future."]
    assert "The date of consent cannot be in the future." in response.content.decode()
    assert not Captain.objects.exists()

    today = timezone.localdate()
    coordinator_client.post(
        group.get_absolute_url(),
        {"add": "captain", "captain-role": "captain", "captain-name": "Dana Roy", "captain-consent_at": today},
    )
    assert Captain.objects.get().consent_at == today  # today is fine


def test_an_officer_sees_only_the_groups_they_support(officer_client, officer, coordinator_client, supervisor_client):
    mine = _group(name="Elm Street", officer=officer)
    other = _group(name="Birch Lane")
    Captain.objects.create(group=other, role="captain", name="R. Okafor", phone="613-555-0100",
                           consent_at=dt.date(2025, 1, 1))  # fmt: skip

    listing = officer_client.get("/engagement/block-watch/").content.decode()
    assert "Elm Street" in listing and "Birch Lane" not in listing
    assert officer_client.get(mine.get_absolute_url()).status_code == 200
    assert officer_client.get(other.get_absolute_url()).status_code == 404  # its captains' details stay hidden
    response = officer_client.post(
        other.get_absolute_url(), {"add": "activity", "activity-kind": "training", "activity-on": "2025-06-02"}
    )
    assert response.status_code == 404 and not Activity.objects.exists()
    for client in (coordinator_client, supervisor_client):
        assert "Birch Lane" in client.get("/engagement/block-watch/").content.decode()
        assert "613-555-0100" in client.get(other.get_absolute_url()).content.decode()
