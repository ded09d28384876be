import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from committees.models import ActionItem, Committee, Meeting, Partner
from events.models import Event
from tests.committees import factories as f

D = dt.date


@pytest.fixture
def records(officer, coordinator):
    partner = f.partner()
    committee = f.committee()
    committee.partners.add(partner)
    rep = f.representation(committee, officer, D(2024, 1, 1))
    meeting = f.meeting(committee, f.aware(D(2025, 3, 3)))
    item = f.action_item(committee, meeting=meeting, owner=officer, due_on=D(2025, 4, 1))
    event = Event.objects.create(
        title="Coffee with a Cop", starts_at=f.aware(D(2025, 5, 1)), ends_at=f.aware(D(2025, 5, 1), 12)
    )
    return {"partner": partner, "committee": committee, "rep": rep, "meeting": meeting, "item": item, "event": event}


# (url template, {role: expected status}) for GET.
PAGES = [
    ("/committees/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/committees/{committee}/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/committees/new/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/{committee}/edit/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/{committee}/representation/new/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/representation/{rep}/edit/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/partners/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/committees/partners/new/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/partners/{partner}/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/committees/partners/{partner}/edit/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/meetings/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/committees/meetings/new/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/meetings/{meeting}/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/committees/meetings/{meeting}/edit/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/action-items/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/committees/action-items/new/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/committees/action-items/{item}/edit/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/events/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/events/new/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/events/{event}/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/events/{event}/edit/", {"officer": 403, "coordinator": 200, "supervisor": 403}),
    ("/events/weeks/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/events/calendar/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
    ("/events/calendar/subscriptions/", {"officer": 200, "coordinator": 200, "supervisor": 200}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "coordinator", "supervisor"])
def test_role_matrix_for_pages(role_clients, records, role):
    client = role_clients[role]
    ids = {k: v.pk for k, v in records.items()}
    for template, expected in PAGES:
        url = template.format(**ids)
        assert client.get(url).status_code == expected[role], f"{role} GET {url}"


@pytest.mark.django_db
def test_outsider_without_a_role_is_refused(client, records):
    from tests.conftest import make_user

    client.force_login(make_user("visitor"))  # django-axes' backend refuses login() without a request
    assert client.get(f"/committees/{records['committee'].pk}/").status_code == 403
    assert client.get("/events/").status_code == 403
    assert client.get("/committees/meetings/999999/").status_code == 403  # permission before lookup


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer", "supervisor"])
def test_read_only_roles_cannot_change_anything(role_clients, records, role):
    client = role_clients[role]
    committee, meeting, item, event = records["committee"], records["meeting"], records["item"], records["event"]
    posts = [
        ("/committees/new/", {"name": "X", "active_from": "2025-01-01"}),
        (f"/committees/{committee.pk}/edit/", {"name": "Hacked", "active_from": "2020-01-01", "version": 1}),
        ("/committees/partners/new/", {"name": "X", "type": "health"}),
        (f"/committees/meetings/{meeting.pk}/cancel/", {"reason": "x", "version": 1}),
        (f"/committees/meetings/{meeting.pk}/edit/", {"starts_at": "2025-03-03T10:00", "status": "held", "version": 1}),
        (f"/committees/action-items/{item.pk}/close/", {"version": 1}),
        (f"/events/{event.pk}/cancel/", {"reason": "x", "version": 1}),
        (
            f"/events/{event.pk}/edit/",
            {"title": "Hacked", "type": "other", "starts_at": "2025-05-01T10:00", "ends_at": "2025-05-01T12:00"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    committee.refresh_from_db()
    meeting.refresh_from_db()
    item.refresh_from_db()
    event.refresh_from_db()
    assert committee.name == "Drug Strategy" and committee.version == 1
    assert meeting.status == "scheduled" and item.closed_on is None and event.status == "planned"
    assert Committee.objects.count() == 1 and Partner.objects.count() == 1


@pytest.mark.django_db
def test_coordinator_manages_committee_meeting_and_action_item(coordinator_client, officer, records):
    committee = records["committee"]
    response = coordinator_client.post(
        "/committees/meetings/new/",
        {
            "committee": committee.pk,
            "starts_at": "2025-06-02T09:30",
            "location": "City Hall",
            "status": "scheduled",
            "attendees": [officer.pk],
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(starts_at=f.aware(D(2025, 6, 2), 9, 30))
    assert list(meeting.attendees.all()) == [officer]
    response = coordinator_client.post(
        "/committees/action-items/new/",
        {
            "committee": committee.pk,
            "meeting": meeting.pk,
            "description": "Book venue",
            "owner": officer.pk,
            "due_on": "2025-06-30",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(description="Book venue")
    coordinator_client.post(f"/committees/action-items/{item.pk}/close/", {"version": item.version})
    item.refresh_from_db()
    assert item.closed_on is not None
    page = coordinator_client.get(f"/committees/{committee.pk}/").content.decode()
    for text in ("Public Health", "Officer_A", "Book venue", "Closed"):
        assert text in page


@pytest.mark.django_db
def test_meeting_form_refuses_inactive_committee(coordinator_client):
    old = f.committee("Old Table", active_from=D(2019, 1, 1), active_to=D(2020, 12, 31))
    response = coordinator_client.post(
        "/committees/meetings/new/", {"committee": old.pk, "starts_at": "2025-06-02T09:30", "status": "scheduled"}
    )
    assert response.status_code == 200
    assert "is not active on 2025-06-02" in response.content.decode()
    assert not Meeting.objects.filter(committee=old).exists()


@pytest.mark.django_db
def test_get_on_post_only_views_is_refused(coordinator_client, records):
    assert coordinator_client.get(f"/committees/meetings/{records['meeting'].pk}/cancel/").status_code == 405
    assert coordinator_client.get(f"/committees/action-items/{records['item'].pk}/close/").status_code == 405


# --- Fixed query counts ---------------------------------------------------------------------------------


def _rows(n: int, officer, coordinator) -> None:
    start = Committee.objects.count()
    for i in range(n):
        partner = f.partner(f"Partner {start + i}")
        committee = f.committee(f"Committee {start + i}")
        committee.partners.add(partner)
        f.representation(committee, officer, D(2024, 1, 1))
        meeting = f.meeting(committee, f.aware(D(2025, 3, 3)))
        meeting.attendees.add(officer, coordinator)
        f.action_item(committee, meeting=meeting, owner=officer, due_on=D(2025, 4, 1))
        event = Event.objects.create(
            title=f"Event {i}", starts_at=f.aware(D(2025, 5, 1)), ends_at=f.aware(D(2025, 5, 1), 12), lead=officer
        )
        event.staff.add(coordinator)
        event.partners.add(partner)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(ctx.captured_queries)


LISTS = [
    "/committees/partners/",
    "/committees/",
    "/committees/meetings/",
    "/committees/action-items/",
    "/events/",
    "/committees/partners/?format=csv",
    "/committees/?format=csv",
    "/committees/meetings/?format=csv",
    "/committees/action-items/?format=csv",
    "/events/?format=csv",
]


@pytest.mark.django_db
def test_list_pages_run_a_fixed_number_of_queries(coordinator_client, officer, coordinator):
    _rows(3, officer, coordinator)
    small = {url: _count(coordinator_client, url) for url in LISTS}
    _rows(27, officer, coordinator)
    large = {url: _count(coordinator_client, url) for url in LISTS}
    assert small == large
    assert max(small.values()) <= 14, small


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/committees/meetings/?committee=abc&after=notadate&sort=zzz",
        "/committees/action-items/?state=bogus&owner=x",
        "/committees/?active=maybe&pillar=nope",
        "/committees/partners/?type=%00&format=csv",
        "/events/?staff=zzz&awareness_week=-1&before=2025-13-45",
        "/events/calendar/?date=0001-01-01&view=month&kind=nope",
    ],
)
def test_nonsense_filters_never_break_a_page(coordinator_client, records, url):
    assert coordinator_client.get(url).status_code in (200, 400)


@pytest.mark.django_db
def test_committee_list_answers_how_many_committees_we_sat_on_a_given_day(coordinator_client, officer, coordinator):
    from tests.committees import factories as cf

    youth = cf.committee("Youth Committee", active_from=dt.date(2020, 1, 1))
    cf.representation(youth, officer, dt.date(2021, 1, 1), end=dt.date(2023, 6, 30))
    housing = cf.committee("Housing Table", active_from=dt.date(2022, 1, 1))
    cf.representation(housing, coordinator, dt.date(2022, 3, 1))
    cf.committee("Never Represented", active_from=dt.date(2020, 1, 1))
    closed = cf.committee("Closed Committee", active_from=dt.date(2020, 1, 1), active_to=dt.date(2022, 12, 31))
    cf.representation(closed, officer, dt.date(2020, 1, 1))

    def on(day: str) -> str:
        return coordinator_client.get("/committees/", {"represented_on": day}).content.decode()

    page = on("2022-06-01")  # youth, housing and the closed one (still active then)
    assert "sat on 3 committees" in page and "Never Represented" not in page
    page = on("2024-01-15")  # youth's representation ended, the closed committee closed
    assert "sat on 1 committee." in page and "Housing Table" in page and "Youth Committee" not in page
    assert "represented-count" not in coordinator_client.get("/committees/", {"represented_on": "x"}).content.decode()
