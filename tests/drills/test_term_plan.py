import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from drills.models import Drill

from . import factories as f

pytestmark = pytest.mark.django_db


def test_preview_then_schedule_spreads_schools_over_weekdays(officer_client, officer, other_officer):
    mine = [f.school(f"School {c}", officer=officer) for c in "ABCDEFGHIJ"]
    f.school("Not mine", officer=other_officer)
    f.kind("lockdown")
    data = {"kind": f.kind("lockdown").pk, "weeks": "2025-10-08, 2025-10-20", "at": "09:30"}
    with time_machine.travel(f.at(2025, 10, 1), tick=False):
        preview = officer_client.post(reverse("drills:drill_plan_term"), data).content.decode()
        assert not Drill.objects.exists()
        assert "Schedule 10 drills" in preview and "Not mine" not in preview
        response = officer_client.post(reverse("drills:drill_plan_term"), {**data, "confirm": "1"})
    assert response.status_code == 302
    days = sorted(Drill.objects.values_list("occurs_on", flat=True))
    # 10 weekdays (6–10 and 20–24 October), 10 schools: one a day.
    assert days == [dt.date(2025, 10, d) for d in (6, 7, 8, 9, 10, 20, 21, 22, 23, 24)]
    assert set(Drill.objects.values_list("school_id", flat=True)) == {s.pk for s in mine}
    assert all(d.status == "scheduled" and d.lead_officer == officer for d in Drill.objects.all())
    # Planning again books nobody twice.
    with time_machine.travel(f.at(2025, 10, 1), tick=False):
        again = officer_client.post(reverse("drills:drill_plan_term"), data).content.decode()
    assert "Nothing to plan" in again


def test_supervisor_plans_every_school_and_bad_weeks_are_errors(supervisor_client, officer, other_officer):
    f.school("A", officer=officer), f.school("B", officer=other_officer), f.school("C")
    f.kind("lockdown")
    with time_machine.travel(f.at(2026, 3, 2), tick=False):
        bad = supervisor_client.post(
            reverse("drills:drill_plan_term"), {"kind": f.kind("lockdown").pk, "weeks": "soon", "at": "10:00"}
        )
        assert "is not a date" in bad.content.decode()
        supervisor_client.post(
            reverse("drills:drill_plan_term"),
            {"kind": f.kind("lockdown").pk, "weeks": "2026-04-13", "at": "10:00", "everyone": "on", "confirm": "1"},
        )
    assert sorted(Drill.objects.values_list("school__name_en", "occurs_on")) == [
        ("A", dt.date(2026, 4, 13)),
        ("B", dt.date(2026, 4, 15)),
    ]  # C has no officer: left out


def test_coordinator_cannot_plan(coordinator_client):
    assert coordinator_client.get(reverse("drills:drill_plan_term")).status_code == 403
