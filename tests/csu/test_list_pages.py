"""The list pages' rows, links, sort headers and filters, as a person reads them (markup lives in templates)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from schools.models import CallForService, School
from tests.page import read, selected
from tests.schools.conftest import assign, make_board, make_call, make_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(officer):
    board = make_board("OCDSB")
    open_school = make_school("Alpha & <Co> School", board=board, city="Ottawa")
    closed = make_school("Beta School", board=board, active=False)
    unassigned = make_school("Gamma School", board=board)
    assign(open_school, officer)
    return open_school, closed, unassigned


def test_school_rows_show_name_link_board_category_city_and_officer(supervisor_client, officer, schools):
    open_school, closed, unassigned = schools
    page = read(supervisor_client.get(reverse("schools:school_list"), {"sort": "name", "active": "all"}))
    rows = {row[0].removesuffix(" Closed"): row for row in page.rows}
    assert rows["Alpha & <Co> School"] == ["Alpha & <Co> School", "OCDSB", "Elementary", "Ottawa", str(officer)]
    assert rows["Beta School"][0] == "Beta School Closed" and rows["Beta School"][4] == "—"
    assert rows["Gamma School"][4] == "Unassigned"
    assert ("Alpha & <Co> School", reverse("schools:school_detail", args=[open_school.pk])) in page.links


def test_school_rows_in_french(supervisor_client, supervisor, schools):
    supervisor.language = "fr-ca"
    supervisor.save()
    page = read(supervisor_client.get(reverse("schools:school_list"), {"sort": "name", "active": "all"}))
    assert sum(row[0].endswith(" Fermée") for row in page.rows) == 1
    assert [row[4] for row in page.rows].count("Non affectée") == 1
    assert {row[2] for row in page.rows} == {"Élémentaire"}


def test_sort_links_mark_the_current_column(supervisor_client, schools):
    page = read(supervisor_client.get(reverse("schools:school_list"), {"sort": "city", "board": ""}))
    headers = dict(page.links)
    assert headers["City"] == "?board=&sort=-city" and headers["Name"] == "?board=&sort=name"
    text = supervisor_client.get(reverse("schools:school_list"), {"sort": "city"}).content.decode()
    assert text.count("(sorted ascending)") == 1 and "(sorted descending)" not in text
    text = supervisor_client.get(reverse("schools:school_list"), {"sort": "-city"}).content.decode()
    assert text.count("(sorted descending)") == 1 and "(sorted ascending)" not in text


def test_call_rows_and_the_selected_school_in_the_filter(supervisor_client, officer, schools):
    open_school, _closed, _unassigned = schools
    call = make_call(open_school, officer, occurrence_number="OCC-77")
    voided = make_call(
        open_school, officer, occurrence_number="OCC-78", status=CallForService.Status.VOIDED, void_reason="Duplicate"
    )
    page = read(supervisor_client.get(reverse("schools:call_list"), {"school": open_school.pk, "sort": "number"}))
    numbers = [row[1] for row in page.rows]
    assert numbers == ["OCC-77", "OCC-78"]
    assert page.rows[0][2:] == ["Alpha & <Co> School", "Trespass", str(officer), "Active"]
    assert page.rows[1][5] == voided.get_status_display() == "Voided"
    assert ("OCC-77", reverse("schools:call_detail", args=[call.pk])) in page.links
    assert selected(page, "school") == ["Alpha & <Co> School"]
    assert len(page.selects["school"]) == School.objects.count() + 1  # and the empty choice


def test_the_school_select_is_kept_until_a_school_changes(
    supervisor_client, officer, schools, django_capture_on_commit_callbacks
):
    """The 800-school <select> is a cached fragment (includes/filter_form.html) under the "schools" version."""
    from csu import cache as csu_cache

    _open_school, closed, _unassigned = schools
    csu_cache._local.dirty = {}  # as after the commit of the rows the fixtures wrote
    url = reverse("schools:call_list")

    def school_queries(params):
        with CaptureQueriesContext(connection) as ctx:
            page = read(supervisor_client.get(url, params))
        return page, [q for q in ctx.captured_queries if '"name_fr"' in q["sql"] and "schools_school" in q["sql"]]

    school_queries({})
    page, queries = school_queries({})
    assert not queries  # served from the cache
    assert selected(page, "school") == ["All"]
    page, _queries = school_queries({"school": closed.pk})
    assert selected(page, "school") == ["Beta School"]  # another selection: its own fragment
    with django_capture_on_commit_callbacks(execute=True):  # what the commit would run
        closed.name_en = "Beta Renamed"
        closed.save()
    page, queries = school_queries({"school": closed.pk})
    assert queries and selected(page, "school") == ["Beta Renamed"]


def test_the_kept_filter_fields_follow_their_choices_the_value_and_the_language(supervisor_client, supervisor, schools):
    """Every filter field's markup is kept (csu_tags.fragment_version) under a digest of its choices: a board
    added shows in the next page, the value shown is the one asked for, the language the reader's."""
    url = reverse("schools:school_list")
    page = read(supervisor_client.get(url))
    assert [label for _value, label, _on in page.selects["board"]] == ["All", "OCDSB"]
    board = make_board("CECCE")
    page = read(supervisor_client.get(url))  # the same address as before: a new board, new markup
    assert [label for _value, label, _on in page.selects["board"]] == ["All", "CECCE", "OCDSB"]
    page = read(supervisor_client.get(url, {"board": board.pk}))
    assert [label for _value, label, _on in page.selects["board"]] == ["All", "CECCE", "OCDSB"]
    assert selected(page, "board") == ["CECCE"]
    assert selected(read(supervisor_client.get(url, {"category": "secondary"})), "category") == ["Secondary"]
    assert selected(read(supervisor_client.get(url)), "board") == ["All"]
    supervisor.language = "fr-ca"
    supervisor.save()
    page = read(supervisor_client.get(url, {"category": "secondary"}))
    assert selected(page, "category") == ["Secondaire"]


def test_compliance_rows_show_progress_status_and_a_schedule_link(supervisor_client, officer):
    from tests.drills.factories import kind, school

    kind("lockdown")
    place = school("Delta School", officer=officer)
    page = read(supervisor_client.get(reverse("drills:drill_compliance")))
    [row] = [r for r in page.rows if r and r[0].startswith("Delta School")]
    assert "0 of 2" in row[2] and row[3].split()[0] in {"Overdue", "Not", "Due", "On"}
    assert any(href.endswith(f"?school={place.pk}") for _text, href in page.links) or len(row) == 6


def test_navigation_marks_the_current_page(supervisor_client):
    page = supervisor_client.get(reverse("schools:call_list")).content.decode()
    assert page.count('aria-current="page"') == 1
    current = page.split('aria-current="page"')[0].rsplit("<a", 1)[1]
    assert reverse("schools:call_list") in current


def test_choice_labels_are_djangos_own():
    from django.db import models

    assert School.__dict__["get_category_display"].func is models.Model._get_FIELD_display
    with translation.override("fr-ca"):
        assert str(School(category=School.Category.SECONDARY).get_category_display()) != "Secondary"
