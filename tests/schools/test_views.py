import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import Assignment, Board, CallForService, CallOutcome, School
from tests.urls import project_urls

from .conftest import assign, make_board, make_call, make_school
from .test_importer import ROW_A, ROW_B, ottawa

pytestmark = pytest.mark.django_db

OK, DENIED, HIDDEN = 200, 403, 404
# url name -> (officer, coordinator, supervisor) for GET. `officer` is the responding officer of `call`.
MATRIX = {
    "scope": (DENIED, DENIED, OK),
    "school_list": (OK, OK, OK),
    "school_create": (DENIED, OK, OK),
    "school_detail": (OK, OK, OK),
    "school_update": (DENIED, OK, OK),
    "school_close": (DENIED, OK, OK),
    "assignment_transfer": (DENIED, DENIED, OK),
    "assignment_coverage": (DENIED, DENIED, OK),
    "officer_schools_mine": (OK, OK, OK),
    "officer_schools": (HIDDEN, OK, OK),  # another officer's page: not to officers
    "school_import": (DENIED, OK, OK),
    "school_import_template": (DENIED, OK, OK),
    "call_list": (OK, OK, OK),
    "call_create": (OK, DENIED, DENIED),
    "call_detail": (OK, OK, OK),
    "call_update": (OK, DENIED, OK),
    "call_void": (OK, DENIED, OK),
    "board_list": (OK, OK, OK),
    "board_create": (DENIED, OK, OK),
    "board_update": (DENIED, OK, OK),
}


@pytest.fixture
def world(school, officer, other_officer):
    assign(school, officer)
    call = make_call(school, officer)
    return {"school": school, "call": call, "board": school.board, "other": other_officer}


def _url(name: str, world) -> str:
    if name.startswith("call_") and name not in ("call_list", "call_create"):
        return reverse(f"schools:{name}", args=[world["call"].pk])
    if name.startswith("board_") and name not in ("board_list", "board_create"):
        return reverse(f"schools:{name}", args=[world["board"].pk])
    if name == "officer_schools":
        return reverse(f"schools:{name}", args=[world["other"].pk])
    if name in ("school_detail", "school_update", "school_close", "assignment_transfer"):
        return reverse(f"schools:{name}", args=[world["school"].pk])
    return reverse(f"schools:{name}")


def test_matrix_covers_every_schools_url():
    names = {n.split(":", 1)[1] for n, _p in project_urls() if n.startswith("schools:")}
    assert names == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(name, world, role_clients, client):
    for role, expected in zip(("officer", "coordinator", "supervisor"), MATRIX[name], strict=True):
        response = role_clients[role].get(_url(name, world))
        assert response.status_code == expected, f"{role} GET {name}: {response.status_code}"
    anonymous = client.get(_url(name, world))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))


def test_officer_sees_own_schools_page(officer_client, officer, world):
    response = officer_client.get(reverse("schools:officer_schools", args=[officer.pk]))
    assert response.status_code == 200
    assert "Maple Ridge Public School" in response.content.decode()
    mine = officer_client.get(reverse("schools:officer_schools_mine")).content.decode()
    assert "Maple Ridge Public School" in mine


def test_other_officer_cannot_edit_or_void_my_call(other_officer_client, world):
    call = world["call"]
    original_number = call.occurrence_number
    url = reverse("schools:call_update", args=[call.pk])
    assert other_officer_client.get(url).status_code == 404
    data = {
        "school": call.school_id,
        "occurred_at": "2026-01-05T10:00",
        "category": "theft",
        "occurrence_number": "HACKED",
        "summary": "x",
        "version": 1,
    }
    assert other_officer_client.post(url, data).status_code == 404
    assert (
        other_officer_client.post(
            reverse("schools:call_void", args=[call.pk]), {"reason": "x", "version": 1}
        ).status_code
        == 404
    )
    call.refresh_from_db()
    assert (call.occurrence_number, call.status, call.version) == (original_number, "active", 1)
    assert CallForService.objects.filter(occurrence_number="HACKED").count() == 0


def test_officer_edits_own_call_and_stale_version_is_refused(officer_client, world):
    call = world["call"]
    url = reverse("schools:call_update", args=[call.pk])
    data = {
        "school": call.school_id,
        "occurred_at": "2026-01-05T10:00",
        "category": "theft",
        "occurrence_number": "26-777",
        "summary": "Laptop stolen",
        "version": 1,
    }
    assert officer_client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert (call.occurrence_number, call.category, call.version) == ("26-777", "theft", 2)
    response = officer_client.post(url, {**data, "summary": "Overwrite"})
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    call.refresh_from_db()
    assert call.summary == "Laptop stolen"


def test_officer_records_a_call_at_another_school_and_can_correct_it(other_officer_client, world, other_officer):
    data = {
        "school": world["school"].pk,
        "occurred_at": "2026-01-05T10:00",
        "category": "wellness",
        "occurrence_number": "26-100",
        "summary": "Wellness check",
        "outcome": CallOutcome.objects.get(code="no_further_action").pk,
        "youth_related": "False",
    }
    response = other_officer_client.post(reverse("schools:call_create"), data)
    assert response.status_code == 302
    call = CallForService.objects.get(occurrence_number="26-100")
    assert call.responding_officer == other_officer and call.created_by == other_officer
    form = other_officer_client.get(reverse("schools:call_create"))
    assert form.context["form"]["responding_officer"].value() == other_officer.pk
    edit = reverse("schools:call_update", args=[call.pk])
    assert other_officer_client.get(edit).status_code == 200
    response = other_officer_client.post(edit, {**data, "summary": "Wellness check, all fine", "version": 1})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.summary == "Wellness check, all fine"


def test_two_calls_cannot_share_an_occurrence_number(officer_client, world):
    existing = world["call"]
    data = {
        "school": world["school"].pk,
        "occurred_at": "2026-01-05T10:00",
        "category": "wellness",
        "occurrence_number": f" {existing.occurrence_number} ",
        "summary": "Same number typed again",
    }
    response = officer_client.post(reverse("schools:call_create"), data)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["occurrence_number"])
    assert f"Occurrence number {existing.occurrence_number} is already recorded" in message
    assert str(existing.school) in message
    assert CallForService.objects.filter(occurrence_number=existing.occurrence_number).count() == 1


def test_void_without_reason_shows_error(officer_client, world):
    response = officer_client.post(reverse("schools:call_void", args=[world["call"].pk]), {"reason": "", "version": 1})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    world["call"].refresh_from_db()
    assert world["call"].status == "active"


def test_forbidden_posts_change_nothing(officer_client, coordinator_client, world, other_officer):
    school = world["school"]
    response = officer_client.post(reverse("schools:school_update", args=[school.pk]), {"name_en": "Hacked"})
    assert response.status_code == 403
    response = coordinator_client.post(
        reverse("schools:assignment_transfer", args=[school.pk]), {"officer": other_officer.pk, "start": "2026-01-05"}
    )
    assert response.status_code == 403
    response = coordinator_client.post(
        reverse("schools:assignment_coverage"),
        {"schools": [school.pk], "officer": other_officer.pk, "start": "2026-01-05"},
    )
    assert response.status_code == 403
    response = officer_client.post(reverse("schools:school_close", args=[school.pk]), {"closed_on": "2026-01-05"})
    assert response.status_code == 403
    school.refresh_from_db()
    assert (school.name_en, school.active) == ("Maple Ridge Public School", True)
    assert Assignment.objects.get(school=school).end is None


def test_supervisor_transfers_from_the_school_page(supervisor_client, world, other_officer, officer):
    school = world["school"]
    page = supervisor_client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert f'action="/schools/{school.pk}/transfer/"' in page
    response = supervisor_client.post(
        reverse("schools:assignment_transfer", args=[school.pk]), {"officer": other_officer.pk, "start": "2026-02-02"}
    )
    assert response.status_code == 302
    assert list(Assignment.objects.filter(school=school).order_by("start").values_list("officer", "start", "end")) == [
        (officer.pk, dt.date(2025, 9, 1), dt.date(2026, 2, 1)),
        (other_officer.pk, dt.date(2026, 2, 2), None),
    ]
    bad = supervisor_client.post(
        reverse("schools:assignment_transfer", args=[school.pk]), {"officer": officer.pk, "start": "2020-01-01"}
    )
    assert bad.status_code == 200 and "must start after the current one" in bad.content.decode()


def test_coordinator_edits_and_closes_a_school(coordinator_client, world):
    school = world["school"]
    data = {
        "name_en": "Maple Ridge PS",
        "name_fr": "École Maple Ridge",
        "board": school.board_id,
        "category": "elementary",
        "external_id": school.external_id,
        "phone": "not a phone",
        "version": 1,
    }
    bad = coordinator_client.post(reverse("schools:school_update", args=[school.pk]), data)
    assert bad.status_code == 200 and "Enter a phone number" in bad.content.decode()
    ok = coordinator_client.post(reverse("schools:school_update", args=[school.pk]), {**data, "phone": "613-555-0101"})
    assert ok.status_code == 302
    closed = coordinator_client.post(
        reverse("schools:school_close", args=[school.pk]), {"closed_on": "2026-06-30", "version": 2}
    )
    assert closed.status_code == 302
    school.refresh_from_db()
    assert (school.name_en, school.phone, school.active, school.closed_on) == (
        "Maple Ridge PS",
        "613-555-0101",
        False,
        dt.date(2026, 6, 30),
    )
    detail = coordinator_client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()
    assert "Closed" in detail and "Maple Ridge Public School" in detail  # history shows the old name


def test_school_list_filters_and_csv(officer_client, world, officer):
    other_board = Board.objects.create(code="CECCE", name_en="CECCE")
    make_school("Riverbend", board=other_board, name_fr="École élémentaire Rivière")
    assert "Riverbend" in officer_client.get("/schools/?q=rivière").content.decode()
    page = officer_client.get(f"/schools/?officer={officer.pk}").content.decode()
    assert "Maple Ridge" in page and "Riverbend" not in page
    page = officer_client.get("/schools/?unassigned=on").content.decode()
    assert "Riverbend" in page and "Maple Ridge" not in page
    page = officer_client.get(f"/schools/?board={other_board.pk}").content.decode()
    assert "Riverbend" in page and "Maple Ridge" not in page
    csv = b"".join(officer_client.get("/schools/?format=csv&sort=name").streaming_content).decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert lines[0].startswith("External id,Name (English)")
    assert lines[1].startswith(f"{world['school'].external_id},Maple Ridge Public School")
    assert "Officer_A" in lines[1]


def test_call_list_filters_and_csv(officer_client, world, officer, other_officer, settings):
    settings.OFFICER_READS = "all"  # filters, not access: OFFICER_READS=own is tests/security/test_officer_reads.py
    other_school = make_school("Cedar Creek")
    make_call(other_school, other_officer, category="drugs", occurrence_number="26-DRUGS")
    page = officer_client.get("/schools/calls/?category=drugs").content.decode()
    assert "26-DRUGS" in page and world["call"].occurrence_number not in page
    page = officer_client.get(f"/schools/calls/?responding_officer={officer.pk}").content.decode()
    assert "26-DRUGS" not in page and world["call"].occurrence_number in page
    csv = b"".join(officer_client.get(f"/schools/calls/?format=csv&school={other_school.pk}").streaming_content)
    assert csv.decode("utf-8-sig").count("\n") == 2


def test_call_list_searches_both_languages_and_filters_by_board(officer_client, world, other_officer, settings):
    settings.OFFICER_READS = "all"  # the calls of another officer's school: see test_call_list_filters_and_csv
    french_board = make_board("CEPEO")
    school = make_school("Lakeview", board=french_board, name_fr="École du Lac")
    make_call(school, other_officer, occurrence_number="26-LAC", summary="Vélo volé près de l'entrée.")
    for query, expected in (("du lac", True), ("Lakeview", True), ("vélo", True), ("26-lac", True), ("zzz", False)):
        page = officer_client.get("/schools/calls/", {"q": query}).content.decode()
        assert ("26-LAC" in page) is expected, query
        assert world["call"].occurrence_number not in page
    page = officer_client.get("/schools/calls/", {"board": french_board.pk}).content.decode()
    assert "26-LAC" in page and world["call"].occurrence_number not in page


def _count(client, url) -> int:
    # Count the queries of the figures themselves, not of a cached copy (reports/dashboard.py) or of results the
    # cache keeps (csu.cache).
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def _grow(n: int, officer, other_officer):
    for i in range(n):
        school = make_school()
        assign(school, officer if i % 2 else other_officer)
        make_call(school, officer if i % 2 else other_officer)


@pytest.mark.parametrize(
    "url", ["/schools/", "/schools/?sort=-officer", "/schools/calls/", "/schools/coverage/", "/schools/?format=csv"]
)
def test_query_count_does_not_grow_with_rows(supervisor_client, officer, other_officer, url, settings):
    settings.LIST_PAGE_SIZE = 50
    _grow(3, officer, other_officer)
    few = _count(supervisor_client, url)
    _grow(30, officer, other_officer)
    many = _count(supervisor_client, url)
    assert few == many


def test_dashboards_have_a_fixed_query_count(officer_client, supervisor_client, officer, other_officer):
    _grow(3, officer, other_officer)
    counts = [_count(officer_client, "/dashboard/officer/"), _count(supervisor_client, "/dashboard/supervisor/")]
    _grow(20, officer, other_officer)
    assert counts == [
        _count(officer_client, "/dashboard/officer/"),
        _count(supervisor_client, "/dashboard/supervisor/"),
    ]
    assert "School coverage" in supervisor_client.get("/dashboard/supervisor/").content.decode()


def test_coverage_bulk_reassign_and_atomic_failure(supervisor_client, officer, other_officer):
    a, b = make_school("Alpha"), make_school("Bravo")
    assign(a, officer)
    make_school("Closed", active=False)
    page = supervisor_client.get("/schools/coverage/").content.decode()
    assert page.index("Bravo") < page.index("Alpha")  # unassigned first
    assert "1 unassigned school" in page and "Closed" not in page
    panel = supervisor_client.get("/dashboard/supervisor/").content.decode()
    assert "1 unassigned school" in panel
    response = supervisor_client.post(
        "/schools/coverage/",
        {"schools": [a.pk, b.pk], "officer": other_officer.pk, "start": "2026-01-05", "confirmed": "1"},
    )
    assert response.status_code == 302
    assert set(Assignment.objects.filter(end__isnull=True).values_list("school_id", "officer_id")) == {
        (a.pk, other_officer.pk),
        (b.pk, other_officer.pk),
    }
    # Alpha's current assignment starts 2026-01-05: moving it back to that date fails, Bravo must not move either.
    response = supervisor_client.post(
        "/schools/coverage/", {"schools": [a.pk, b.pk], "officer": officer.pk, "start": "2026-01-05", "confirmed": "1"}
    )
    assert response.status_code == 200 and "must start after the current one" in response.content.decode()
    assert set(Assignment.objects.filter(end__isnull=True).values_list("school_id", "officer_id")) == {
        (a.pk, other_officer.pk),
        (b.pk, other_officer.pk),
    }


# --- Upload page -------------------------------------------------------------------------------------------


def _upload(client, data: bytes, name="schools.csv"):
    return client.post(reverse("schools:school_import"), {"file": SimpleUploadedFile(name, data), "format": ""})


def test_upload_preview_then_confirm(coordinator_client):
    preview = _upload(coordinator_client, ottawa(ROW_A, ROW_B))
    html = preview.content.decode()
    assert preview.status_code == 200 and "2 to create" in html and "St. Andrew School" in html
    assert School.objects.count() == 0
    token = preview.context["token"]
    done = coordinator_client.post(reverse("schools:school_import"), {"action": "confirm", "token": token})
    assert done.status_code == 302
    assert School.objects.count() == 2
    again = coordinator_client.post(
        reverse("schools:school_import"), {"action": "confirm", "token": token}, follow=True
    )
    assert "expired or was already imported" in again.content.decode()
    assert School.objects.count() == 2
    second = _upload(coordinator_client, ottawa(ROW_A, ROW_B)).content.decode()
    assert "0 to create" in second and "2 unchanged" in second


def test_upload_with_bad_rows_lists_every_problem(coordinator_client):
    bad = ottawa(ROW_A.replace("613-843-0050", "12"), ROW_B.replace("{BBB}", ""))
    response = _upload(coordinator_client, bad)
    html = response.content.decode()
    assert "2 problems found: nothing was imported." in html
    assert "<td>2</td><td>PHONE</td>" in html and "<td>3</td><td>GlobalID</td>" in html
    assert "Confirm the import" not in html
    assert School.objects.count() == 0


def test_upload_refuses_not_a_csv_and_too_big(supervisor_client):
    response = _upload(supervisor_client, b"\x89PNG\r\n\x1a\n\x00\x00\x00", name="photo.png")
    assert response.status_code == 200 and "This is not a CSV file" in response.content.decode()
    big = b"x" * (10 * 1024 * 1024 + 1)
    response = _upload(supervisor_client, big)
    assert response.status_code == 200 and "the limit is 10 MB" in response.content.decode()


def test_template_download(coordinator_client):
    response = coordinator_client.get(reverse("schools:school_import_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").startswith("external_id,name_en,name_fr,board,category")


def test_school_page_includes_panels_from_other_apps(officer_client, world, monkeypatch):
    from csu.registry import Panel
    from schools import views

    class FakeDrills:
        @staticmethod
        def panels(request, school):
            return [Panel("schools/panel_my_schools.html", {"schools": [school], "more": False})]

    monkeypatch.setattr(views, "app_modules", lambda name: (FakeDrills,) if name == "school_panels" else ())
    html = officer_client.get(reverse("schools:school_detail", args=[world["school"].pk])).content.decode()
    assert 'id="my-schools-heading"' in html


def test_officer_dashboard_lists_my_schools(officer_client, world, other_officer):
    assign(make_school("Someone Else's School"), other_officer)
    html = officer_client.get("/dashboard/officer/").content.decode()
    assert "Maple Ridge Public School" in html and "Someone Else" not in html
