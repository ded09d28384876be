"""The low findings of issue 15: NUL bytes, privacy headers, the audit of exports/downloads/refusals, names in
the change history. Each test failed before its fix."""

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from csu.history import history_entries
from csu.models import AuditEvent
from schools import importer
from schools.models import Board, School

from .conftest import verified_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _new_feed_token(user) -> str:
    """The secret of a new feed link (through the service once tokens are stored hashed)."""
    try:
        from events.services import calendar_token_create
    except ImportError:
        from accounts.models import CalendarToken

        return CalendarToken.objects.create(user=user).token
    return calendar_token_create(user=user)[1]


# --- NUL bytes ------------------------------------------------------------------------------------------


def test_nul_in_a_feed_url_is_a_404_for_anyone(officer):
    token = _new_feed_token(officer)
    response = Client().get(f"/events/feed/{token}%00.ics")
    assert response.status_code == 404
    assert Client().get(f"/events/feed/{token}.ics?kind=%00").status_code == 400


def test_nul_in_any_path_or_query_is_refused_not_a_500(supervisor):
    client = verified_client(supervisor)
    for url in ("/schools/%00/", "/drills/?q=%00", "/schools/?name=a%00b", "/accounts/login/?next=%00"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
    assert Client().get("/accounts/login/%00").status_code == 404


GENERIC_HEADER = "external_id,name_en,name_fr,board,category,street_number,street,city,phone"


def _generic_file(bad_cell: str) -> bytes:
    rows = [GENERIC_HEADER]
    for i in range(200):  # well past the first 8 KB
        rows.append(f"ID-{i:04d},School number {i} with a long name,École {i},PUB,elementary,{i},Main St,Ottawa,")
    rows.append(bad_cell)
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize(
    "bad_row",
    [
        "ID-9999,Bad\x00School,École,PUB,elementary,1,Main St,Ottawa,",
        "ID-\x009999,Bad School,École,PUB,elementary,1,Main St,Ottawa,",
    ],
)
def test_nul_after_the_first_8_kb_of_an_import_is_a_row_error(bad_row, supervisor):
    Board.objects.create(code="PUB", name_en="Public board", name_fr="Conseil public")
    data = _generic_file(bad_row)
    assert len(data) > 8192 and data.index(b"\x00") > 8192
    for dry_run in (True, False):
        result = importer.import_schools(data=data, dry_run=dry_run)
        assert not result.ok
        assert any("NUL" in e.message for e in result.errors), result.errors
    assert not School.objects.exists()
    client = verified_client(supervisor)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("schools:school_import"), {"file": SimpleUploadedFile("schools.csv", data), "format": ""}
    )
    assert response.status_code == 200
    assert "NUL character" in response.content.decode()


# --- Privacy headers ------------------------------------------------------------------------------------


def test_record_pages_exports_and_downloads_are_not_stored_and_features_are_off(supervisor):
    client = verified_client(supervisor)
    for url in (reverse("schools:school_list"), reverse("schools:school_list") + "?format=csv", "/"):
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), url
        policy = response.get("Permissions-Policy", "")
        for feature in ("camera=()", "microphone=()", "geolocation=()"):
            assert feature in policy, (url, policy)
    anonymous = Client().get(reverse("accounts:login"))
    assert "camera=()" in anonymous["Permissions-Policy"]


# --- Audit of exports, downloads and refusals ----------------------------------------------------------


def test_a_csv_export_of_a_list_is_audited(supervisor):
    client = verified_client(supervisor)
    response = client.get(reverse("schools:school_list") + "?format=csv&q=x")
    b"".join(response.streaming_content)
    event = AuditEvent.objects.get(action=AuditEvent.Action.LIST_EXPORTED)
    assert event.actor == supervisor
    assert "format=csv" in event.detail and "q=x" in event.detail


@pytest.fixture
def frozen_minute():
    """One minute of the clock (the limit is per minute), however slow the machine."""
    with time_machine.travel(timezone.now().replace(second=0), tick=False):
        yield


def test_refused_requests_of_a_signed_in_user_are_audited_at_a_bounded_rate(settings, officer, frozen_minute):
    settings.AUDIT_REFUSED_PER_MINUTE = 5
    client = verified_client(officer)
    assert client.get("/schools/999999/").status_code == 404
    assert client.get(reverse("accounts:auditevent_list")).status_code == 403
    events = AuditEvent.objects.filter(action=AuditEvent.Action.REQUEST_REFUSED, actor=officer)
    assert events.count() == 2
    assert events.filter(detail__contains="404 GET /schools/999999/").exists()
    for pk in range(100):
        client.get(f"/schools/{900000 + pk}/")
    # 5 recorded, then one row saying the rest of the minute is not recorded.
    assert events.count() == 6
    assert "not recorded" in events.order_by("-pk").first().detail
    # A NUL in the refused path is recorded too (shown as \0), not a 500 of the audit insert.
    cache.clear()
    assert client.get("/schools/%00/").status_code == 404
    assert events.filter(detail__contains="/schools/\\0/").exists()
    # Anonymous refusals are not audited (nothing to attribute them to; sign-in failures are audited apart).
    Client().get("/events/feed/nope.ics")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.REQUEST_REFUSED, actor=None).count() == 0


# --- Names, not ids, in the change history -------------------------------------------------------------


def test_history_shows_names_of_foreign_keys_and_marks_deleted_ones(django_assert_num_queries):
    board = Board.objects.create(code="HB", name_en="History board", name_fr="Conseil")
    other = Board.objects.create(code="HX", name_en="Other board", name_fr="Autre")
    school = School.objects.create(external_id="H-1", name_en="History School", name_fr="École", board=board)
    for _ in range(5):
        school.board = other
        school.save()
        school.board = board
        school.save()
    label = str(School._meta.get_field("board").verbose_name)
    # History rows with their users, then one query for every board named, whatever the number of changes.
    with django_assert_num_queries(2):
        entries = history_entries(school)
    changes = {(str(c["old"]), str(c["new"])) for e in entries for c in e["changes"] if str(c["field"]) == label}
    assert changes == {(str(board), str(other)), (str(other), str(board))}
    # A related row that is gone (the history keeps its id) is shown as deleted, not as a bare number.
    School.history.filter(board_id=other.pk).update(board_id=987654)
    shown = {str(c[side]) for e in history_entries(school) for c in e["changes"] for side in ("old", "new")}
    assert "#987654 (deleted)" in shown
