import pytest

from committees import services
from csu.history import history_entries
from tests.committees import factories as f


@pytest.mark.django_db
def test_partner_changes_are_shown_by_name():
    committee = f.committee()
    health = f.partner("Public Health")
    ywca = f.partner("YWCA")
    services.committee_save(committee=committee, partners=[health])
    services.committee_save(committee=committee, partners=[health, ywca])
    changes = [c for e in history_entries(committee) for c in e["changes"] if str(c["field"]) == "partners"]
    assert changes[0]["old"] == "Public Health"
    assert changes[0]["new"] == "Public Health, YWCA"
