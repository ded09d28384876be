"""csu.versions: a result kept by the process is served again only while none of its rows has changed.

Transactional tests: the counter moves after a commit, which the default test transaction never makes.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Partner
from csu import versions
from drills.models import Drill
from drills.selectors import Status, compliance_rows
from schools.models import Board, SchoolYear
from tests.drills.factories import drill, kind, school

pytestmark = pytest.mark.django_db(transaction=True)


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return object()


def test_kept_until_a_watched_row_changes():
    compute = Counting()
    first = versions.memoized("compliance", "k", compute)
    assert versions.memoized("compliance", "k", compute) is first
    assert compute.calls == 1
    before = versions.current("compliance")
    Board.objects.create(code="NEW", name_en="New board")  # autocommit: the counter moves at once
    assert versions.current("compliance") == before + 1
    again = versions.memoized("compliance", "k", compute)
    assert again is not first and compute.calls == 2
    assert versions.memoized("compliance", "other key", compute) is not again  # keys are kept apart
    # Unwatched models move nothing; deletes move the counter too.
    before = versions.current("compliance")
    Partner.objects.create(name="Food bank")
    assert versions.current("compliance") == before
    board = Board.objects.create(code="F", name_en="F")
    before = versions.current("compliance")
    board.delete()
    assert versions.current("compliance") == before + 1


def test_one_move_per_transaction_and_none_for_a_rollback():
    before = versions.current("compliance")
    with transaction.atomic():
        for code in ("A", "B", "C"):
            Board.objects.create(code=code, name_en=code)
        assert versions.current("compliance") == before  # not before the commit
    assert versions.current("compliance") == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        Board.objects.create(code="D", name_en="D")
        raise RuntimeError
    assert versions.current("compliance") == before + 1
    assert not versions._pending("compliance", "default")
    # A transaction never reads a result from before its own (uncommitted) changes.
    compute = Counting()
    first = versions.memoized("compliance", "k", compute)
    with transaction.atomic():
        Board.objects.create(code="E", name_en="E")
        inside = versions.memoized("compliance", "k", compute)
        assert inside is not first
        assert versions.memoized("compliance", "k", compute) is not inside  # and nothing is kept meanwhile
    after = versions.memoized("compliance", "k", compute)
    assert after not in (first, inside)
    assert versions.memoized("compliance", "k", compute) is after


def test_the_school_import_moves_the_counter():
    from schools.importer import generic_template_csv, import_schools

    Board.objects.create(code="OCDSB", name_en="OCDSB")
    before = versions.current("compliance")
    result = import_schools(data=generic_template_csv().encode(), dry_run=False)  # its sample row: one school
    assert not result.errors, result.errors
    assert versions.current("compliance") == before + 1


def test_compliance_follows_a_new_drill_at_once(officer, supervisor_client):
    """End to end: the board is served from what the process kept, and a logged drill shows on the next view."""
    kind("lockdown")  # a transactional test may have flushed the kinds the migrations seed
    alpha = school("Alpha", officer=officer)
    year = SchoolYear.current()
    [row] = compliance_rows(year=year)
    assert row.completed == 0
    board_url = reverse("drills:drill_compliance")
    assert "0 of 2" in supervisor_client.get(board_url).content.decode()
    drill(alpha, officer, when=timezone.now() - timezone.timedelta(days=1))
    drill(alpha, officer, when=timezone.now() - timezone.timedelta(days=2))
    [row] = compliance_rows(year=year)
    assert (row.completed, row.status) == (2, Status.COMPLIANT)
    assert "2 of 2" in supervisor_client.get(board_url).content.decode()
    Drill.objects.filter(school=alpha).first().delete()
    assert compliance_rows(year=year)[0].completed == 1


def test_the_unfiltered_sessions_count_is_kept_until_a_session_is_added(officer, officer_client, settings):
    """The sessions list keeps the table's row count (FilteredListView.count_topic); a new session shows at once."""
    # With OFFICER_READS=own an officer's list is narrowed (csu/access.py), so it is counted each time: the kept
    # count is for unfiltered lists only.
    settings.OFFICER_READS = "all"
    from django.contrib.auth.models import Permission

    from tests.programs.conftest import make_program, make_school, make_session

    # A transactional test's flush may have emptied the role groups.
    officer.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="programs"))
    program, place = make_program("VIP"), make_school()
    make_session(program=program, officer=officer, school=place)
    url = reverse("programs:session_list")

    def shown():
        response = officer_client.get(url)
        assert response.status_code == 200
        return response.context["paginator"].count

    assert shown() == 1
    with CaptureQueriesContext(connection) as queries:
        assert shown() == 1  # kept: no COUNT this time
    assert not [q for q in queries if "COUNT(*)" in q["sql"]]
    make_session(program=program, officer=officer, school=place)
    assert shown() == 2
    assert officer_client.get(url, {"program": program.pk}).context["paginator"].count == 2  # filtered: counted


def test_the_month_calendar_follows_new_sessions_and_their_officers(officer, other_officer, coordinator):
    """calendar_collect_summary is kept per process; a new session, and an officer added to one (a many-to-many
    change, no post_save), show at once."""
    import datetime as dt

    from events.selectors import calendar_collect_summary
    from tests.programs.conftest import make_program, make_school, make_session

    program, place = make_program("VIP"), make_school()
    day = timezone.localdate()
    start, end = day.replace(day=1), day.replace(day=1) + dt.timedelta(days=40)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))

    def sessions(staff=None):
        items, _left_out = calendar_collect_summary(start=start, end=end, user=coordinator, per_day=4, staff=staff)
        return [i for i in items if i.kind == "session"]

    assert sessions() == []
    session = make_session(program=program, officer=officer, school=place, starts_at=starts)
    assert [i.uid for i in sessions()] == [f"session-{session.pk}@csu"]
    assert sessions(staff=other_officer) == []
    session.officers.add(other_officer)
    assert [i.uid for i in sessions(staff=other_officer)] == [f"session-{session.pk}@csu"]


def test_the_filters_school_list_is_kept_until_a_school_changes():
    """The school <select> of the list filters is written from markup kept per process (csu.forms
    kept_options_html): the same markup as Django's templates, with or without a selected school, and a renamed
    school shows at once."""
    from django import forms
    from django.forms.renderers import DjangoTemplates

    from csu.forms import FormRenderer, NameChoiceField
    from schools.models import School

    board = Board.objects.create(code="KEPT", name_en="Kept")
    schools = [School.objects.create(name_en=f"École {n} & <co>", board=board) for n in "CAB"]

    class F(forms.Form):
        school = NameChoiceField(queryset=School.objects.all(), required=False)

    def both(data=None):
        fast, slow = F(data, renderer=FormRenderer()), F(data, renderer=DjangoTemplates())
        return str(fast["school"]), str(slow["school"])

    first, reference = both()
    assert first == reference and '<option value="" selected>' in first
    assert both() == (first, reference)  # served from what the process kept
    assert [key for _version, key in versions._results["schools"] if key[0] == "name-options"]
    chosen = {"school": str(schools[1].pk)}
    fast, slow = both(chosen)
    assert fast == slow and f'<option value="{schools[1].pk}" selected>École A &amp; &lt;co&gt;' in fast
    assert fast.count(" selected") == 1
    schools[1].name_en = "Renamed"
    schools[1].save()
    fast, slow = both(chosen)
    assert fast == slow and "Renamed" in fast
