"""Who sees the situation table (404 for officers who do not sit at it, 403 for read-only supervisors), the
pages through the four filters, the audit of every read, the list's fixed query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from csu.models import AuditEvent
from situations.models import Situation

from .conftest import bring

READ = [
    "situation_list",
    "situationtable_list",
    "statistics",
    "rtd_export",
    "situationtable_detail",
    "tablemeeting_detail",
    "situation_detail",
]
WRITE = [
    "situation_create",
    "situationtable_create",
    "situationtable_update",
    "tablemeeting_create",
    "tablemeeting_update",
    "situation_update",
    "situation_present",
    "situation_assign",
    "situation_respond",
    "situation_review",
    "situation_conclude",
]


def _url(name, data):
    if name in ("situationtable_detail", "situationtable_update"):
        return reverse(f"situations:{name}", args=[data["S1"].table_id])
    if name == "tablemeeting_create":
        return reverse(f"situations:{name}", args=[data["S1"].table_id])
    if name in ("tablemeeting_detail", "tablemeeting_update"):
        return reverse(f"situations:{name}", args=[data["M1"].pk])
    if name.startswith("situation_") and name not in ("situation_list", "situation_create"):
        return reverse(f"situations:{name}", args=[data["S4"].pk])
    return reverse(f"situations:{name}")


@pytest.mark.parametrize("name", READ + WRITE)
def test_an_officer_who_does_not_sit_at_the_table_gets_404(name, hand_counted, officer_client):
    assert officer_client.get(_url(name, hand_counted)).status_code == 404


@pytest.mark.parametrize("name", ["situation_void", "tablemeeting_void"])
def test_void_is_404_for_officers_and_403_for_supervisors(name, hand_counted, officer_client, supervisor_client):
    pk = hand_counted["S6"].pk if name == "situation_void" else hand_counted["M3"].pk
    url = reverse(f"situations:{name}", args=[pk])
    assert officer_client.post(url, {"reason": "x"}).status_code == 404
    assert supervisor_client.post(url, {"reason": "x"}).status_code == 403


@pytest.mark.parametrize("name", READ)
def test_readers(name, hand_counted, coordinator_client, supervisor_client, representative_client):
    for client in (coordinator_client, supervisor_client, representative_client):
        assert client.get(_url(name, hand_counted)).status_code == 200


@pytest.mark.parametrize("name", WRITE)
def test_writers_and_the_read_only_supervisor(
    name, hand_counted, coordinator_client, representative_client, supervisor_client
):
    url = _url(name, hand_counted)
    assert supervisor_client.get(url).status_code == 403
    assert coordinator_client.get(url).status_code == 200
    if name not in ("situationtable_create", "situationtable_update"):
        assert representative_client.get(url).status_code == 200


def test_only_the_coordinator_edits_tables(hand_counted, representative_client, coordinator_client):
    url = _url("situationtable_update", hand_counted)
    assert coordinator_client.get(url).status_code == 200
    assert representative_client.get(url).status_code == 403


def test_anonymous_goes_to_sign_in(client, hand_counted):
    response = client.get(reverse("situations:situation_list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_navigation_shows_the_link_only_to_those_allowed(hand_counted, officer_client, coordinator_client):
    url = reverse("situations:situation_list")
    assert url.encode() not in officer_client.get(reverse("home"), follow=True).content
    assert url.encode() in coordinator_client.get(reverse("home"), follow=True).content


def test_every_read_of_a_situation_is_audited(hand_counted, supervisor_client, supervisor):
    s1 = hand_counted["S1"]
    supervisor_client.get(reverse("situations:situation_detail", args=[s1.pk]))
    supervisor_client.get(reverse("situations:situation_list"), {"format": "csv"})
    reads = [AuditEvent.Action.RECORD_VIEWED, AuditEvent.Action.RECORDS_EXPORTED]
    events = list(AuditEvent.objects.filter(actor=supervisor, action__in=reads).order_by("pk"))
    assert [e.action for e in events] == [AuditEvent.Action.RECORD_VIEWED, AuditEvent.Action.RECORDS_EXPORTED]
    assert s1.reference in events[0].target


def test_the_four_filters_through_the_pages(table, agencies, representative_client, hand_counted):
    c = representative_client
    A, B, C = agencies["A"], agencies["B"], agencies["C"]
    response = c.post(
        reverse("situations:situation_create"),
        {
            "table": table.pk,
            "originating_agency": A.pk,
            "brought_on": "2026-03-09",
            "kind": "person",
            "age_group": "18-24",
            "gender": "male",
        },
    )
    situation = Situation.objects.order_by("-pk").first()
    assert response.status_code == 302 and situation.brought_on == dt.date(2026, 3, 9)
    m3 = hand_counted["M3"]
    from situations.models import Factor

    risk = Factor.objects.get(code="criminal_weapons")
    r = c.post(
        reverse("situations:situation_present", args=[situation.pk]),
        {"meeting": m3.pk, "threshold_met": "yes", "risk_factors": [risk.pk], "version": situation.version},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    r = c.post(
        reverse("situations:situation_assign", args=[situation.pk]), {"lead_agency": B.pk, "assisting_agencies": [C.pk]}
    )
    assert r.status_code == 302
    r = c.post(
        reverse("situations:situation_respond", args=[situation.pk]),
        {"first_response_at": "2026-03-10T15:30", "services_mobilized": ["police", "youth_services"]},
    )
    assert r.status_code == 302
    situation.refresh_from_db()
    assert situation.hours_to_response == 6.0 and situation.within_target
    r = c.post(
        reverse("situations:situation_conclude", args=[situation.pk]),
        {"concluded_on": "2026-03-20", "conclusion": "lowered_informed", "note": "Informed of services."},
    )
    assert r.status_code == 302
    page = c.get(reverse("situations:situation_detail", args=[situation.pk])).content.decode()
    assert "Concluded" in page and "Agency B" in page and "Weapons" in page


def test_forms_refuse_identifying_text_next_to_the_field(hand_counted, representative_client):
    s2 = hand_counted["S6"]
    r = representative_client.post(
        reverse("situations:situation_present", args=[s2.pk]),
        {
            "meeting": hand_counted["M3"].pk,
            "threshold_met": "no",
            "not_met_reason": "other",
            "not_met_note": "Mr Smith, born 2009-04-17, 705-555-0199",
        },
    )
    assert r.status_code == 400
    text = r.content.decode()
    assert "Remove the date" in text and "Remove the phone number" in text and "Remove the name" in text


def test_step_forms_do_not_500_on_nonsense(hand_counted, representative_client):
    s4 = hand_counted["S4"]
    for name in (
        "situation_present",
        "situation_assign",
        "situation_respond",
        "situation_review",
        "situation_conclude",
    ):
        r = representative_client.post(
            reverse(f"situations:{name}", args=[s4.pk]),
            {
                "meeting": "x",
                "lead_agency": "999999",
                "first_response_at": "tomorrow",
                "concluded_on": "2999-01-01",
                "conclusion": "nope",
                "threshold_met": "maybe",
            },
        )
        assert r.status_code == 400, name


def test_not_met_situation_cannot_get_agencies(hand_counted, representative_client, agencies):
    r = representative_client.post(
        reverse("situations:situation_assign", args=[hand_counted["S2"].pk]), {"lead_agency": agencies["B"].pk}
    )
    assert r.status_code == 400
    assert "threshold met" in r.content.decode()


def test_voiding_keeps_the_record(hand_counted, coordinator_client):
    s6 = hand_counted["S6"]
    r = coordinator_client.post(
        reverse("situations:situation_void", args=[s6.pk]), {"reason": "Brought by mistake", "version": s6.version}
    )
    assert r.status_code == 302
    s6.refresh_from_db()
    assert s6.voided_at and s6.status == Situation.Status.VOIDED
    assert Situation.objects.filter(pk=s6.pk).exists()


def test_list_filters_csv_and_fixed_query_count(
    hand_counted, table, agencies, coordinator_client, django_assert_num_queries
):
    url = reverse("situations:situation_list")
    r = coordinator_client.get(url, {"status": "not_met"})
    assert hand_counted["S2"].reference in r.content.decode()
    assert hand_counted["S1"].reference not in r.content.decode()
    r = coordinator_client.get(url, {"risk_factor": hand_counted["S4"].risk_factors.first().pk, "format": "csv"})
    body = b"".join(r.streaming_content).decode("utf-8-sig")
    assert hand_counted["S4"].reference in body
    coordinator_client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        coordinator_client.get(url)
    baseline = len(ctx.captured_queries)
    for _ in range(25):
        bring(table, agencies["B"], dt.date(2026, 4, 1))
    with django_assert_num_queries(baseline):
        r = coordinator_client.get(url)
    assert "Page 1 of" in r.content.decode()


def test_french_pages(hand_counted, coordinator, coordinator_client):
    coordinator.language = "fr-ca"
    coordinator.save()
    r = coordinator_client.get(reverse("situations:situation_detail", args=[hand_counted["S1"].pk]))
    text = r.content.decode()
    assert "Filtre 1" in text and "Logement" in text


def test_the_same_filter_one_form_sent_twice_records_one_situation(table, agencies, representative_client):
    payload = {
        "table": table.pk,
        "originating_agency": agencies["A"].pk,
        "brought_on": "2026-03-09",
        "kind": "person",
        "age_group": "18-24",
        "gender": "male",
        "submission_key": "situation-key-0123456789",
    }
    before = Situation.objects.count()
    first = representative_client.post(reverse("situations:situation_create"), payload)
    again = representative_client.post(reverse("situations:situation_create"), payload)
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert Situation.objects.count() == before + 1
