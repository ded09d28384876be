import datetime as dt

import pytest

from committees.models import Committee, Partner, Representation
from events.models import AwarenessWeek, AwarenessWeekOverride

D = dt.date


@pytest.mark.django_db
def test_coordinator_pages_for_weeks_render(coordinator_client, officer_client):
    week = AwarenessWeek.objects.get(code="police-week")
    override = AwarenessWeekOverride.objects.create(
        week=week, year=2026, starts_on=D(2026, 5, 3), ends_on=D(2026, 5, 9)
    )
    for url in (
        f"/events/weeks/{week.pk}/",
        f"/events/weeks/{week.pk}/edit/",
        f"/events/weeks/{week.pk}/dates/new/",
        f"/events/weeks/dates/{override.pk}/edit/",
        f"/events/new/?awareness_week={week.pk}",
    ):
        assert coordinator_client.get(url).status_code == 200, url
    assert officer_client.get(f"/events/weeks/{week.pk}/edit/").status_code == 403
    assert (
        officer_client.post(f"/events/weeks/{week.pk}/edit/", {"name_en": "X", "rule": "police_week"}).status_code
        == 403
    )
    week.refresh_from_db()
    assert week.name_en == "Police Week"


@pytest.mark.django_db
def test_coordinator_creates_partner_committee_and_representative(coordinator_client, officer):
    response = coordinator_client.post(
        "/committees/partners/new/", {"name": "YWCA Peterborough", "type": "community_group", "active": "on"}
    )
    assert response.status_code == 302
    partner = Partner.objects.get(name="YWCA Peterborough")
    response = coordinator_client.post(
        "/committees/new/",
        {
            "name": "Domestic Violence Coordinating Committee",
            "partners": [partner.pk],
            "pillar": "families",
            "cswb_area": "risk_intervention",
            "meeting_cadence": "monthly",
            "active_from": "2024-01-01",
        },
    )
    assert response.status_code == 302
    committee = Committee.objects.get()
    assert list(committee.partners.all()) == [partner]
    bad = coordinator_client.post(
        f"/committees/{committee.pk}/representation/new/",
        {"staff": officer.pk, "role": "liaison", "start": "2025-02-01", "end": "2025-01-01"},
    )
    assert "The end must be on or after the start." in bad.content.decode()
    ok = coordinator_client.post(
        f"/committees/{committee.pk}/representation/new/",
        {"staff": officer.pk, "role": "liaison", "start": "2025-02-01"},
    )
    assert ok.status_code == 302
    assert Representation.objects.get().staff == officer
    # Editing with a stale version is refused with a clear message.
    data = {"name": "DVCC", "active_from": "2024-01-01", "version": 1, "partners": [partner.pk]}
    assert coordinator_client.post(f"/committees/{committee.pk}/edit/", data).status_code == 302
    stale = coordinator_client.post(f"/committees/{committee.pk}/edit/", {**data, "name": "Other"})
    assert "changed by someone else" in stale.content.decode()
    committee.refresh_from_db()
    assert committee.name == "DVCC"
