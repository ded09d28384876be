"""MFIPPA s. 29(2): forms that collect personal information show a notice of collection, in both languages."""

import pytest
from django.test import override_settings
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/programs/placements/new/", "/committees/partners/new/", "/accounts/profile/"])
def test_forms_collecting_personal_information_show_the_notice(coordinator_client, url):
    page = coordinator_client.get(url).content.decode()
    assert "Notice of collection" in page
    assert "Freedom of Information Coordinator" in page


@override_settings(COLLECTION_CONTACT="FOI Coordinator, 500 Water St.")
def test_notice_names_the_services_contact_in_french(coordinator, coordinator_client):
    coordinator.language = "fr-ca"
    coordinator.save()
    with translation.override("fr-ca"):
        page = coordinator_client.get("/programs/placements/new/", HTTP_ACCEPT_LANGUAGE="fr-ca").content.decode()
    assert "Avis de collecte" in page
    assert "FOI Coordinator, 500 Water St." in page


def test_forms_without_personal_information_have_no_notice(officer_client):
    assert "Notice of collection" not in officer_client.get("/drills/schedule/").content.decode()
