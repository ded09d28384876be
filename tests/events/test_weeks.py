import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import AwarenessWeek, AwarenessWeekOverride
from events.services import week_dates, week_override_save
from events.weeks import rule_dates

D = dt.date

# Derived by hand from a calendar (weekday of May 15, Oct 1 and Nov 1 of each year).
EXPECTED = {
    "police_week": {
        2022: (D(2022, 5, 15), D(2022, 5, 21)),  # May 15 is a Sunday: the week starts that day
        2023: (D(2023, 5, 14), D(2023, 5, 20)),
        2024: (D(2024, 5, 12), D(2024, 5, 18)),
        2025: (D(2025, 5, 11), D(2025, 5, 17)),
        2026: (D(2026, 5, 10), D(2026, 5, 16)),
    },
    "family_week": {  # Thanksgiving: 2022-10-10, 2023-10-09, 2024-10-14, 2025-10-13, 2026-10-12
        2022: (D(2022, 10, 2), D(2022, 10, 8)),
        2023: (D(2023, 10, 1), D(2023, 10, 7)),
        2024: (D(2024, 10, 6), D(2024, 10, 12)),
        2025: (D(2025, 10, 5), D(2025, 10, 11)),
        2026: (D(2026, 10, 4), D(2026, 10, 10)),
    },
    "third_full_week_october": {
        2022: (D(2022, 10, 16), D(2022, 10, 22)),
        2023: (D(2023, 10, 15), D(2023, 10, 21)),  # Oct 1 is a Sunday: that first week is full
        2024: (D(2024, 10, 20), D(2024, 10, 26)),
        2025: (D(2025, 10, 19), D(2025, 10, 25)),
        2026: (D(2026, 10, 18), D(2026, 10, 24)),
    },
    "first_sunday_november": {
        2022: (D(2022, 11, 6), D(2022, 11, 12)),
        2023: (D(2023, 11, 5), D(2023, 11, 11)),
        2024: (D(2024, 11, 3), D(2024, 11, 9)),
        2025: (D(2025, 11, 2), D(2025, 11, 8)),
        2026: (D(2026, 11, 1), D(2026, 11, 7)),  # Nov 1 is a Sunday
    },
    "third_sunday_november": {
        2022: (D(2022, 11, 20), D(2022, 11, 26)),
        2023: (D(2023, 11, 19), D(2023, 11, 25)),
        2024: (D(2024, 11, 17), D(2024, 11, 23)),
        2025: (D(2025, 11, 16), D(2025, 11, 22)),
        2026: (D(2026, 11, 15), D(2026, 11, 21)),
    },
}


@pytest.mark.parametrize(
    "rule,year,expected",
    [(rule, year, dates) for rule, years in EXPECTED.items() for year, dates in years.items()],
)
def test_rule_dates(rule, year, expected):
    assert rule_dates(rule, year) == expected


@pytest.mark.django_db
def test_migration_creates_the_five_weeks():
    assert sorted(AwarenessWeek.objects.values_list("code", flat=True)) == [
        "crime-prevention-week",
        "drug-awareness-week",
        "family-week",
        "police-week",
        "week-without-violence",
    ]
    police = AwarenessWeek.objects.get(code="police-week")
    assert week_dates(police, 2025) == (D(2025, 5, 11), D(2025, 5, 17))


@pytest.mark.django_db
def test_override_replaces_the_rule_for_that_year_only():
    drug = AwarenessWeek.objects.get(code="drug-awareness-week")
    week_override_save(
        override=AwarenessWeekOverride(week=drug, year=2026, starts_on=D(2026, 2, 8), ends_on=D(2026, 2, 14))
    )
    assert week_dates(drug, 2026) == (D(2026, 2, 8), D(2026, 2, 14))
    assert week_dates(drug, 2025) == (D(2025, 11, 16), D(2025, 11, 22))


@pytest.mark.django_db
def test_override_longer_than_14_days_is_refused():
    drug = AwarenessWeek.objects.get(code="drug-awareness-week")
    with pytest.raises(ValidationError) as exc:
        week_override_save(
            override=AwarenessWeekOverride(week=drug, year=2026, starts_on=D(2026, 2, 1), ends_on=D(2026, 2, 15))
        )
    assert "ends_on" in exc.value.message_dict
    # Exactly 14 days is allowed.
    week_override_save(
        override=AwarenessWeekOverride(week=drug, year=2026, starts_on=D(2026, 2, 1), ends_on=D(2026, 2, 14))
    )
    assert AwarenessWeekOverride.objects.count() == 1


@pytest.mark.django_db
def test_one_override_per_week_and_year():
    drug = AwarenessWeek.objects.get(code="drug-awareness-week")
    week_override_save(
        override=AwarenessWeekOverride(week=drug, year=2026, starts_on=D(2026, 2, 8), ends_on=D(2026, 2, 14))
    )
    with pytest.raises(ValidationError):
        week_override_save(
            override=AwarenessWeekOverride(week=drug, year=2026, starts_on=D(2026, 3, 8), ends_on=D(2026, 3, 14))
        )


@pytest.mark.django_db
def test_override_form_shows_the_length_error(coordinator_client):
    drug = AwarenessWeek.objects.get(code="drug-awareness-week")
    response = coordinator_client.post(
        f"/events/weeks/{drug.pk}/dates/new/", {"year": 2026, "starts_on": "2026-02-01", "ends_on": "2026-03-01"}
    )
    assert response.status_code == 200
    assert "at most 14 days" in response.content.decode()
    assert not AwarenessWeekOverride.objects.exists()


@pytest.mark.django_db
def test_only_the_coordinator_sets_local_dates(officer_client, supervisor_client, coordinator_client):
    drug = AwarenessWeek.objects.get(code="drug-awareness-week")
    data = {"year": 2026, "starts_on": "2026-02-08", "ends_on": "2026-02-14"}
    url = f"/events/weeks/{drug.pk}/dates/new/"
    assert officer_client.post(url, data).status_code == 403
    assert supervisor_client.post(url, data).status_code == 403
    assert not AwarenessWeekOverride.objects.exists()
    assert coordinator_client.post(url, data).status_code == 302
    assert week_dates(drug, 2026) == (D(2026, 2, 8), D(2026, 2, 14))
    assert officer_client.get(f"/events/weeks/{drug.pk}/").status_code == 200
