"""Schools › Scope: supervisors set which boards and categories the unit serves (with history); others are refused."""

import pytest
from django.urls import reverse

from schools.models import Board, CategoryScope, School
from schools.selectors import schools_in_scope
from tests.drills import factories as f

URL = reverse("schools:scope")


@pytest.mark.parametrize("who", ["coordinator_client", "officer_client"])
def test_only_supervisors_set_the_scope(request, who):
    client = request.getfixturevalue(who)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"boards": [], "categories": []}).status_code == 403


def test_anonymous_goes_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_supervisor_takes_a_board_and_a_category_out_of_scope_with_history(supervisor_client, supervisor):
    kept = f.school("Maple", board_code="OCDSB")
    other_board = f.school("Birch", board_code="PRIVATE")
    music = f.school("Music Academy", board_code="OCDSB")
    music.category = School.Category.OTHER
    music.save()
    page = supervisor_client.get(URL).content.decode()
    assert "2 of 3 active schools" in page  # "Other" is out of scope until a supervisor says otherwise
    ocdsb = Board.objects.get(code="OCDSB")
    categories = [c for c, _label in School.Category.choices if c not in ("other", "secondary")]
    response = supervisor_client.post(URL, {"boards": [str(ocdsb.pk)], "categories": categories})
    assert response.status_code == 302
    assert set(schools_in_scope()) == {kept}
    assert not Board.objects.get(code="PRIVATE").in_scope
    assert not CategoryScope.objects.get(category="secondary").in_scope
    assert Board.objects.get(code="PRIVATE").history.first().history_user == supervisor
    page = supervisor_client.get(URL).content.decode()
    assert "1 of 3 active schools" in page
    # A per-school exception wins over the board's setting.
    other_board.scope_override = School.Scope.INCLUDE
    other_board.save()
    assert set(schools_in_scope()) == {kept, other_board}
    assert "Birch" in supervisor_client.get(URL).content.decode()
