"""csu.cache: a result kept in Django's cache is served again only while none of its rows has changed.

Transactional tests: the version moves after a commit, which the default test transaction never makes.
"""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from committees.models import Partner
from csu import cache
from drills.models import Drill
from drills.selectors import Status, compliance_rows
from schools.models import Board, School, SchoolYear
from tests.drills.factories import drill, kind, school

pytestmark = pytest.mark.django_db(transaction=True)


class Counting:
    """A compute function returning how many times it was called (a value the cache can store)."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls


def _page(client, url, **query) -> str:
    """The page as a person gets it (after checking it answered)."""
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def _table(client, url, **query) -> str:
    """The rows of the page's table (the filters above it list schools and programs too)."""
    return _page(client, url, **query).partition("<tbody>")[2].partition("</tbody>")[0]


def test_kept_until_a_watched_row_changes():
    compute = Counting()
    assert cache.memoized("compliance", "k", compute) == 1
    assert cache.memoized("compliance", "k", compute) == 1
    before = cache.version("compliance")
    Board.objects.create(code="NEW", name_en="New board")  # autocommit: the version moves at once
    assert cache.version("compliance") != before
    assert cache.memoized("compliance", "k", compute) == 2
    assert cache.memoized("compliance", "other key", compute) == 3  # keys are kept apart
    # Unwatched models move nothing; deletes move the version too.
    before = cache.version("compliance")
    Partner.objects.create(name="Food bank")
    assert cache.version("compliance") == before
    board = Board.objects.create(code="F", name_en="F")
    before = cache.version("compliance")
    board.delete()
    assert cache.version("compliance") != before


def test_moves_after_the_commit_and_not_for_a_rollback():
    before = cache.version("compliance")
    with transaction.atomic():
        for code in ("A", "B", "C"):
            Board.objects.create(code=code, name_en=code)
    after = cache.version("compliance")
    assert after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        Board.objects.create(code="D", name_en="D")
        raise RuntimeError
    assert cache.version("compliance") == after
    # After a rollback a new transaction's change still moves the version.
    with transaction.atomic():
        Board.objects.create(code="D2", name_en="D2")
    assert cache.version("compliance") != after


def test_a_transaction_never_reads_a_result_from_before_its_own_changes():
    compute = Counting()
    assert cache.memoized("compliance", "k", compute) == 1
    with transaction.atomic():
        # Reading inside a transaction that changed nothing (ATOMIC_REQUESTS' GETs) is served from the cache.
        assert cache.memoized("compliance", "k", compute) == 1
        Board.objects.create(code="E", name_en="E")
        assert cache.version("compliance") is None
        assert cache.memoized("compliance", "k", compute) == 2
        assert cache.memoized("compliance", "k", compute) == 3  # and nothing is kept meanwhile
        assert cache.memoized("calls", "k", compute) == 4  # another topic: served and kept as usual
        assert cache.memoized("calls", "k", compute) == 4
    assert cache.memoized("compliance", "k", compute) == 5
    assert cache.memoized("compliance", "k", compute) == 5


def test_values_are_copies():
    first = cache.memoized("compliance", "list", lambda: [1, 2])
    first.append(3)
    assert cache.memoized("compliance", "list", lambda: [9]) == [1, 2]


def test_signing_in_invalidates_nothing(client):
    user = get_user_model().objects.create_user(username="someone", password="pw-for-tests-1")
    before = (cache.version("compliance"), cache.version("calendar:events"))
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert (cache.version("compliance"), cache.version("calendar:events")) == before
    user.first_name = "Renamed"
    user.save(update_fields=["first_name"])
    assert cache.version("compliance") != before[0] and cache.version("calendar:events") != before[1]


def test_a_rename_by_import_moves_every_topic_of_schools(coordinator):
    """The importer writes with bulk_update (no post_save): it invalidates explicitly, the calendar included."""
    import datetime as dt

    from events.selectors import calendar_collect_summary
    from schools.importer import generic_template_csv, import_schools
    from tests.programs.conftest import make_program, make_session

    board = Board.objects.create(code="OCDSB", name_en="OCDSB")
    place = School.objects.create(external_id="EX-0001", name_en="Old name", board=board, category="elementary")
    day = timezone.localdate()
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    make_session(program=make_program("VIP"), officer=coordinator, school=place, starts_at=starts)
    start, end = day.replace(day=1), day.replace(day=1) + dt.timedelta(days=40)

    def titles():
        items, _left = calendar_collect_summary(start=start, end=end, user=coordinator, per_day=4)
        return " ".join(i.title for i in items)

    assert "Old name" in titles()
    before = {topic: cache.version(topic) for topic in ("compliance", "schools", "calendar:programs")}
    result = import_schools(data=generic_template_csv().encode(), dry_run=False)  # renames EX-0001
    assert not result.errors, result.errors
    assert School.objects.get(pk=place.pk).name_en == "Maple Grove Public School"
    assert all(cache.version(topic) != v for topic, v in before.items())
    assert "Maple Grove Public School" in titles()


def test_explicit_changed_for_bulk_writes():
    compute = Counting()
    assert cache.memoized("schools", "k", compute) == 1
    School.objects.filter(pk=0).update(name_en="x")  # no signal: nothing moves by itself
    assert cache.memoized("schools", "k", compute) == 1
    cache.model_changed(School)
    assert cache.memoized("schools", "k", compute) == 2


def test_shared_between_processes_through_redis():
    """With the production backend: one process's result is served to another, and a change seen by all."""
    url = os.environ.get("TEST_BROKER_URL") or "redis://127.0.0.1:6379/0"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"csu-test-{os.getpid()}",
        }
    }
    with override_settings(CACHES=caches):
        from django.core.cache import cache as django_cache

        django_cache.clear()
        try:
            compute = Counting()
            assert cache.memoized("compliance", "k", compute) == 1
            # What another process would see: only Redis, nothing of this process's memory.
            from django.core.cache.backends.redis import RedisCache

            other = RedisCache(url, {"KEY_PREFIX": f"csu-test-{os.getpid()}"})
            version = other.get("csu:version:compliance")
            assert version == cache.version("compliance")
            assert other.get(cache.cache_key("compliance", "k", version)) == 1
            Board.objects.create(code="R", name_en="R")
            assert other.get("csu:version:compliance") != version
            assert cache.memoized("compliance", "k", compute) == 2
        finally:
            django_cache.clear()


def test_compliance_follows_a_new_drill_at_once(officer, supervisor_client):
    """End to end: the board is served from the cache, and a logged drill shows on the next view."""
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


@override_settings(OFFICER_READS="all")  # with "own" an officer's list is filtered, so counted on every page
def test_the_unfiltered_sessions_count_is_kept_until_a_session_is_added(officer, officer_client):
    """The sessions list keeps the table's row count (FilteredListView.count_topic); a new session shows at once."""
    from django.contrib.auth.models import Permission

    from tests.programs.conftest import make_program, make_school, make_session

    # A transactional test's flush may have emptied the role groups.
    officer.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="programs"))
    program, place = make_program("VIP"), make_school()
    make_session(program=program, officer=officer, school=place)
    url = reverse("programs:session_list")

    def shown(**query) -> int:
        """The count under the table ("2 records")."""
        response = officer_client.get(url, query)
        assert response.status_code == 200
        return int(re.search(r"(\d+) records?\b", response.content.decode()).group(1))

    assert shown() == 1
    with CaptureQueriesContext(connection) as queries:
        assert shown() == 1  # kept: no COUNT this time
    assert not [q for q in queries if "COUNT(*)" in q["sql"]]
    make_session(program=program, officer=officer, school=place)
    assert shown() == 2
    assert shown(program=program.pk) == 2  # filtered: counted


def test_the_sessions_table_is_kept_and_shows_every_change_at_once(officer, other_officer, officer_client):
    """The list's table is kept (FilteredListView.topic): a second visit reads no session row. A session added, its
    school renamed, an officer added to it or renamed, and its program renamed show on the next visit."""
    from django.contrib.auth.models import Permission

    from tests.programs.conftest import make_program, make_school, make_session

    officer.user_permissions.add(Permission.objects.get(codename="view_session", content_type__app_label="programs"))
    program, place = make_program("VIP"), make_school("Maple Grove PS")
    session = make_session(program=program, officer=officer, school=place, audience_count=31)
    url = reverse("programs:session_list")

    def page() -> str:
        return _table(officer_client, url)

    assert "Maple Grove PS" in page()
    with CaptureQueriesContext(connection) as queries:
        assert "Maple Grove PS" in page()
    assert not [q for q in queries if 'FROM "programs_session"' in q["sql"]]  # the table was kept
    make_session(program=program, officer=officer, school=make_school("Cedar Ridge PS"))
    assert "Cedar Ridge PS" in page()

    def renamed(row, field: str, value: str) -> None:
        setattr(row, field, value)
        row.save()
        assert value in page()

    renamed(place, "name_en", "Maple Grove Public School")
    session.officers.add(other_officer)  # a many-to-many change: no post_save of the session
    assert str(other_officer) in page()
    renamed(other_officer, "display_name", "Sgt. Tremblay")
    renamed(program, "code", "VIP2")
    assert officer_client.get(url, {"page": "99"}).status_code == 404  # an impossible page, whether kept or not


@pytest.mark.parametrize("listed", ["drills", "calls", "schools"])
def test_the_drills_calls_and_schools_tables_are_kept_and_follow_their_rows(listed, officer, officer_client):
    """As the sessions': kept on a second visit (no row read), a new row and a school renamed show at once."""
    from django.contrib.auth.models import Permission

    from tests.schools.conftest import make_call

    codename, app, url, table = {
        "drills": ("view_drill", "drills", reverse("drills:drill_list"), 'FROM "drills_drill"'),
        "calls": ("view_callforservice", "schools", reverse("schools:call_list"), 'FROM "schools_callforservice"'),
        "schools": ("view_school", "schools", reverse("schools:school_list"), 'FROM "schools_school"'),
    }[listed]
    officer.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label=app))
    place = school("Maple Grove PS", officer=officer)

    def add_row(where):
        if listed == "drills":
            drill(where, officer, when=timezone.now())
        elif listed == "calls":
            make_call(where, officer)  # a school is a row of its own list

    def rows() -> str:
        return _table(officer_client, url)

    add_row(place)
    assert "Maple Grove PS" in rows()
    with CaptureQueriesContext(connection) as queries:
        assert "Maple Grove PS" in rows()
    assert not [q for q in queries if table in q["sql"]]
    add_row(school("Cedar Ridge PS", officer=officer))
    assert "Cedar Ridge PS" in rows()
    place.name_en = "Maple Grove Public School"
    place.save()
    assert "Maple Grove Public School" in rows()


def test_a_schools_page_keeps_its_panels_and_shows_a_new_call_drill_and_session_at_once(officer, officer_client):
    from django.contrib.auth.models import Permission

    from tests.programs.conftest import make_program, make_session
    from tests.schools.conftest import make_call

    for codename, app in (("view_school", "schools"), ("view_drill", "drills"), ("view_session", "programs"),
                          ("view_callforservice", "schools")):  # fmt: skip
        officer.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label=app))
    place = school("Maple Grove PS", officer=officer)
    url = reverse("schools:school_detail", args=[place.pk])

    def page() -> str:
        return _page(officer_client, url)

    assert "No session logged at this school yet." in page()
    with CaptureQueriesContext(connection) as queries:
        page()
    kept = ('FROM "drills_drill"', 'FROM "programs_session"', 'FROM "schools_callforservice"')
    assert not [q for q in queries if any(table in q["sql"] for table in kept)]
    call = make_call(place, officer)
    assert call.occurrence_number in page()
    make_session(program=make_program("VIP"), officer=officer, school=place, class_label="Room 12")
    assert "Room 12" in page()
    planned = drill(place, officer, when=timezone.now() + timezone.timedelta(days=3), status="scheduled")
    assert reverse("drills:drill_detail", args=[planned.pk]) in page()
    place.name_en = "Maple Grove Public School"
    place.save()
    assert "Maple Grove Public School" in page().partition('id="history-heading"')[2]  # the kept history follows


def test_an_officers_dashboard_keeps_its_panels_and_shows_a_new_session_and_event_at_once(officer, officer_client):
    """Today, the sessions panel and the events panel are kept: a second visit reads no session or event row. A
    session delivered today and an event the officer leads show on the next visit."""
    import datetime as dt

    from events.models import Event
    from tests.programs.conftest import make_program, make_session

    url = reverse("dashboard_role", args=["officer"])

    def page() -> str:
        return _page(officer_client, url)

    assert "Nothing on your calendar today." in page()
    with CaptureQueriesContext(connection) as queries:
        page()
    read = [q["sql"] for q in queries]
    assert not [q for q in read if 'FROM "programs_session"' in q or 'FROM "events_event"' in q]
    start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    make_session(program=make_program("VIP"), officer=officer, school=school("Maple Grove PS"), starts_at=start)
    today = page().partition('id="panel-today-heading"')[2].partition("</section>")[0]
    assert "Nothing on your calendar today." not in today and "9:30" in today
    Event.objects.create(
        title="Bike rodeo", starts_at=start + dt.timedelta(days=2), ends_at=start + dt.timedelta(days=2, hours=2),
        lead=officer,
    )  # fmt: skip
    assert "Bike rodeo" in page()


def test_the_calendar_page_keeps_its_grid_and_shows_a_new_session_at_once(officer, officer_client):
    from tests.programs.conftest import make_program, make_session

    url = reverse("events:calendar") + "?view=month&staff="  # everyone's items

    def grid() -> str:
        return _page(officer_client, url).partition('role="status"')[2]

    assert "0 items" in grid()
    with CaptureQueriesContext(connection) as queries:
        grid()
    assert not [q for q in queries if 'FROM "programs_session"' in q["sql"]]
    start = timezone.localtime().replace(hour=9, minute=30, second=0, microsecond=0)
    make_session(program=make_program("VIP"), officer=officer, school=school("Maple Grove PS"), starts_at=start)
    assert "1 item" in grid()


def test_a_sessions_notes_corrected_leave_the_list_counts_kept_and_the_table_not(officer):
    """session_counts ignores a save that changed none of the fields its counts read (FIELDS_READ); a status or
    school changed moves it. The per-program counts read fewer fields still."""
    from programs.models import Session
    from programs.services import session_update
    from tests.programs.conftest import make_program, make_session

    made = make_session(program=make_program("VIP"), officer=officer, school=school("Maple Grove PS"))
    session = Session.objects.get(pk=made.pk)
    counts, rows = cache.version("session_counts"), cache.version("sessions")
    per_program = cache.version("session_program_counts")
    session_update(session=session, data={"notes": "Gym, not the library"}, officers=[officer], version=1, by=officer)
    assert cache.version("session_counts") == counts and cache.version("sessions") != rows
    session = Session.objects.get(pk=made.pk)
    moved = {"school": school("Cedar Ridge PS")}
    session_update(session=session, data=moved, officers=[officer], version=2, by=officer)
    assert cache.version("session_counts") != counts
    assert cache.version("session_program_counts") == per_program  # it reads the program, date and status only
    counts = cache.version("session_counts")
    session.audience_count = 40  # the same instance saved again: compared with what its last save wrote
    session.save()
    assert cache.version("session_counts") == counts
    session.status, session.void_reason = Session.Status.VOIDED, "Logged twice"
    session.save()
    assert cache.version("session_counts") != counts
    assert cache.version("session_program_counts") != per_program


def test_the_month_calendar_follows_new_sessions_and_their_officers(officer, other_officer, coordinator):
    """calendar_collect_summary is kept in the cache; a new session, and an officer added to one (a many-to-many
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


def test_an_officers_drill_panel_is_kept_while_other_officers_drills_change(officer, other_officer, monkeypatch):
    """The officer's dashboard panel is kept per officer (csu.cache scoped topic "officer_drills", drills.signals):
    a drill saved at another officer's school leaves its markup kept; their own drill, follow-up or school, a
    drill moved away or a bulk write shows on the next visit."""
    import datetime as dt

    from drills import dashboard
    from tests.conftest import _client_for

    recounts = []
    real = dashboard.compliance_rows
    monkeypatch.setattr(dashboard, "compliance_rows", lambda **kwargs: recounts.append(1) or real(**kwargs))
    kind("lockdown")
    alpha = school("Alpha", officer=officer)
    beta = school("Beta", officer=other_officer)
    soon = timezone.now() + dt.timedelta(days=3)
    theirs = drill(beta, other_officer, when=soon, status="scheduled")
    client, url = _client_for(officer), reverse("dashboard_role", args=["officer"])

    def visit() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    assert "No drill scheduled." in visit() and len(recounts) == 1
    theirs.scheduled_for += dt.timedelta(hours=1)
    theirs.save()
    assert "No drill scheduled." in visit() and len(recounts) == 1  # kept: nothing of this officer changed

    mine = drill(alpha, officer, when=soon, status="scheduled")
    assert "No drill scheduled." not in visit() and len(recounts) == 2
    action = mine.followups.create(description="Fix the gym door lock", owner="Custodian", due_on=soon.date())
    assert "Fix the gym door lock" in visit()
    action.resolved_on, action.resolution = timezone.localdate(), "Lock replaced"
    action.save()
    assert "Fix the gym door lock" not in visit()
    alpha.name_en = "Alpha Heights"
    alpha.save()
    assert "Alpha Heights" in visit()
    mine.school = beta  # moved to another officer's school: gone from this officer's panel
    mine.lead_officer = other_officer
    mine.save()
    assert "No drill scheduled." in visit()
    count = len(recounts)
    theirs.save()
    visit()
    assert len(recounts) == count  # the drill is the other officer's now
    Drill.objects.filter(pk=mine.pk).update(school=alpha, lead_officer=officer)  # no signal: the writer says so
    cache.model_changed(Drill)
    assert "No drill scheduled." not in visit()


def test_every_calendar_provider_has_its_topic():
    """events.selectors keeps each provider's part under "calendar:<app>": a provider without one would be kept
    with nothing to invalidate it."""
    from csu import registry

    providers = {module.__name__.partition(".")[0] for module in registry.app_modules("calendar")}
    assert providers and all(f"calendar:{app}" in cache.TOPICS for app in providers), providers


def test_a_session_saved_leaves_the_other_providers_calendar_parts_kept(officer, monkeypatch):
    """A session saved recounts the sessions' part of the month grid only; a drill, the drills' part."""
    import datetime as dt

    from drills import calendar as drills_calendar
    from events.selectors import calendar_collect_summary
    from programs import calendar as programs_calendar
    from tests.programs.conftest import make_program, make_session

    calls = []

    def spy(module):
        real = module.calendar_summary
        return lambda **kwargs: calls.append(module.__name__) or real(**kwargs)

    for module in (drills_calendar, programs_calendar):
        monkeypatch.setattr(module, "calendar_summary", spy(module))
    day = timezone.localdate()
    start, end = day.replace(day=1), day.replace(day=1) + dt.timedelta(days=40)
    place = school("Alpha", officer=officer)
    kind("lockdown")
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))

    def visit():
        return calendar_collect_summary(start=start, end=end, user=officer, per_day=4)[0]

    visit()
    assert sorted(calls) == ["drills.calendar", "programs.calendar"]
    calls.clear()
    session = make_session(program=make_program("VIP"), officer=officer, school=place, starts_at=starts)
    assert any(i.uid == f"session-{session.pk}@csu" for i in visit()) and calls == ["programs.calendar"]
    calls.clear()
    new = drill(place, officer, when=starts + dt.timedelta(hours=2), status="scheduled")
    assert any(str(new.pk) in i.uid for i in visit()) and calls == ["drills.calendar"]


def test_the_supervisors_coverage_and_threat_panels_follow_their_rows(supervisor, officer, monkeypatch):
    """Both panels keep their markup (topics "coverage" and "threats"): recounted only after one of their rows
    changed, and the change shows."""
    from django.contrib.auth.models import Permission

    from schools import views as school_views
    from schools.models import Assignment
    from tests.conftest import _client_for
    from threats import dashboard as threat_dashboard

    supervisor.user_permissions.add(
        Permission.objects.get(codename="view_threatassessment", content_type__app_label="threats")
    )
    recounts = {"coverage": 0, "threats": 0}

    def spy(name, real):
        def counted(*args, **kwargs):
            recounts[name] += 1
            return real(*args, **kwargs)

        return counted

    monkeypatch.setattr(school_views, "coverage_counts", spy("coverage", school_views.coverage_counts))
    monkeypatch.setattr(threat_dashboard, "counts_between", spy("threats", threat_dashboard.counts_between))
    client, url = _client_for(supervisor), reverse("dashboard_role", args=["supervisor"])
    place = school("Alpha")

    def visit() -> str:
        response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    visit()
    visit()
    assert recounts == {"coverage": 1, "threats": 1}  # the second visit was served kept markup
    Assignment.objects.create(school=place, officer=officer, start=timezone.localdate())
    visit()
    assert recounts == {"coverage": 2, "threats": 1}
    place.name_en = "Alpha Heights"
    place.save()
    visit()
    assert recounts == {"coverage": 3, "threats": 2}


def test_the_coordinators_request_and_committee_panels_and_an_officers_schools_are_kept(coordinator, officer):
    """Kept markup (topics "requests", "committees", "coverage"): the second visit reads none of their tables;
    a new request, or a new school of the officer's, shows on the next one."""
    from tests.conftest import _client_for
    from tests.programs.conftest import make_request

    def visit(user, tables):
        client, url = _client_for(user), reverse("dashboard_role", args=[user.role])
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        read = {table for table in tables if any(f'FROM "{table}"' in q["sql"] for q in ctx.captured_queries)}
        return response.content.decode(), read

    tables = {"programs_presentationrequest", "committees_meeting", "committees_actionitem"}
    visit(coordinator, tables)
    assert visit(coordinator, tables)[1] == set()
    make_request(contact_name="Ms Ottawa-Requester")
    page, read = visit(coordinator, tables)
    assert "programs_presentationrequest" in read and "committees_meeting" not in read

    visit(officer, {"schools_school"})
    assert visit(officer, {"schools_school"})[1] == set()
    school("Zeta Kept", officer=officer)
    page, _read = visit(officer, set())
    assert "Zeta Kept" in page


def test_the_board_table_kept_shows_a_drill_completed_at_once(supervisor, officer):
    """The board's table is kept under the compliance version: a completed drill changes its school's row on the
    next visit."""
    import datetime as dt

    from tests.conftest import _client_for
    from tests.page import read

    kind("lockdown")
    alpha = school("Alpha", officer=officer)
    school("Beta", officer=officer)
    client, url = _client_for(supervisor), reverse("drills:drill_compliance")

    def alpha_row():
        response = client.get(url)
        assert response.status_code == 200
        return next(row for row in read(response).rows if row[0].startswith("Alpha"))

    before = alpha_row()
    assert alpha_row() == before and before[2].startswith("0 of")
    drill(alpha, officer, when=timezone.now() - dt.timedelta(days=1), status="completed")
    assert alpha_row()[2].startswith("1 of")
