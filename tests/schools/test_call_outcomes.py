import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import figures
from reports.figures import Period
from schools.models import CallForService, CallOutcome
from schools.report_outcomes import call_outcomes

from .conftest import assign, make_call, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _seeded_outcomes(db):
    """The list the migration seeds (a transactional test elsewhere may have flushed it)."""
    from importlib import import_module

    from django.apps import apps

    import_module("schools.migrations.0006_seed_call_outcomes").seed(apps, None)


def outcome(code: str) -> CallOutcome:
    return CallOutcome.objects.get(code=code)


def _data(school, **extra):
    return {
        "school": school.pk,
        "occurred_at": (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "category": "assault",
        "occurrence_number": "26-555",
        "summary": "Fight in the yard, handled with the school.",
        **extra,
    }


def test_seeded_list_covers_the_ycja_measures():
    codes = list(CallOutcome.objects.values_list("code", "counts_as_charge"))
    assert codes == [
        ("no_further_action", False),
        ("warning", False),
        ("police_caution", False),
        ("referral_program", False),
        ("extrajudicial_sanctions", False),
        ("charge_laid", True),
        ("mental_health_apprehension", False),
        ("referred_vtra", False),
    ]


def test_new_call_needs_its_outcome(officer_client, officer):
    school = make_school("Pine Public School")
    assign(school, officer)
    response = officer_client.post(reverse("schools:call_create"), _data(school))
    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page and not CallForService.objects.exists()
    response = officer_client.post(
        reverse("schools:call_create"),
        _data(school, outcome=outcome("extrajudicial_sanctions").pk, youth_related="True"),
    )
    call = CallForService.objects.get()
    assert response.status_code == 302 and call.outcome.code == "extrajudicial_sanctions" and call.youth_related is True
    page = officer_client.get(reverse("schools:call_detail", args=[call.pk])).content.decode()
    assert "Referral to extrajudicial sanctions / restorative justice" in page


def test_a_call_from_before_outcomes_can_be_corrected_without_one(officer_client, officer):
    school = make_school("Pine Public School")
    call = make_call(school, officer)
    data = _data(school, occurrence_number="26-556", responding_officer=officer.pk, version=1)
    response = officer_client.post(reverse("schools:call_update", args=[call.pk]), data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.occurrence_number == "26-556" and call.outcome is None and call.youth_related is None
    page = officer_client.get(reverse("schools:call_detail", args=[call.pk])).content.decode()
    assert "Not recorded" in page


def test_report_share_without_charge_by_hand(officer):
    school = make_school("Pine Public School")

    def call(day, code, youth=True, **extra):
        when = timezone.make_aware(dt.datetime(day.year, day.month, day.day, 11))
        return make_call(school, officer, occurred_at=when, outcome=outcome(code), youth_related=youth, **extra)

    # 2025: 4 youth calls with an outcome, 1 charge -> 75 %; an adult charge and a legacy call are left out.
    call(dt.date(2025, 2, 3), "warning")
    call(dt.date(2025, 3, 3), "extrajudicial_sanctions")
    call(dt.date(2025, 4, 3), "referred_vtra")
    call(dt.date(2025, 5, 3), "charge_laid")
    call(dt.date(2025, 5, 4), "charge_laid", youth=False)
    call(dt.date(2025, 5, 5), "charge_laid", status="voided", void_reason="Duplicate")
    make_call(school, officer, occurred_at=timezone.make_aware(dt.datetime(2025, 6, 1, 9)))
    # 2024: 2 youth calls, 1 charge -> 50 %.
    call(dt.date(2024, 2, 3), "police_caution")
    call(dt.date(2024, 3, 3), "charge_laid")
    section = call_outcomes(Period.of("calendar", 2025, today=dt.date(2026, 1, 10)))
    found = {(f.key, f.group): (f.this_period, f.previous_period) for f in section.figures}
    assert found[("calls.resolved_without_charge", "")] == (75.0, 50.0)
    assert found[("calls.youth_related", "")] == (4, 2)
    assert found[("calls.outcome.charge_laid", "Charge laid")] == (2, 1)
    assert found[("calls.outcome.warning", "Warning")] == (1, 0)
    key = {row[0]: row[1:] for row in section.tables[0].rows}
    assert key["Youth-related calls ended without a charge (%)"] == [75.0, 50.0, 25.0]
    assert key["Calls without a recorded outcome"] == [1, 0, 1]
    assert call_outcomes in figures.SECTIONS
