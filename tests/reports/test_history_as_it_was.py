"""Issue 16's wrong cases, rebuilt: the report, the dashboards and the compliance board agree with figures counted
by hand here (schools.selectors / drills.selectors are the one set of period selectors they share).

Today is 2026-07-15: the school year 2025 (2025-09-01..2026-08-31) is still running, so the board and the
dashboards (which show the current school year) describe the same year as the report for school year 2025.
"""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from accounts.models import Role
from committees.models import ActionItem
from csu.models import Reminder
from drills.dashboard import panels as drill_panels
from drills.selectors import Status, compliance_rows
from drills.services import reminders_sweep
from drills.views import compliance_context
from reports import figures
from reports.dashboard import _year_context
from schools import importer
from schools.models import Assignment, Board, School
from schools.views import coverage_counts
from tests.committees import factories as cf
from tests.conftest import make_user
from tests.drills import factories as f

TODAY = dt.datetime(2026, 7, 15, 12, 0, tzinfo=f.TZ)
SCHOOL_YEAR = 2025


@pytest.fixture(autouse=True)
def frozen():
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield
    cache.clear()


@pytest.fixture
def people(db):
    return {
        "alice": make_user("alice", Role.OFFICER, display_name="Alice Able"),
        "bob": make_user("bob", Role.OFFICER, display_name="Bob Baker"),
        "carol": make_user("carol", Role.OFFICER, display_name="Carol Chan"),
        "boss": make_user("boss", Role.SUPERVISOR, display_name="Sam Super"),
    }


def key_figures(section) -> dict:
    return {row[0]: row[1] for row in next(t for t in section.tables if t.key == "key_figures").rows}


def figure(section, key, group=""):
    return next(fig for fig in section.figures if fig.key == key and fig.group == group).this_period


def report_drills():
    return figures.lockdown_drills(figures.Period.of(figures.SCHOOL, SCHOOL_YEAR))


def supervisor_panel(user):
    request = RequestFactory().get("/")
    request.user = user
    (panel,) = list(drill_panels(request, Role.SUPERVISOR))
    return panel.data


def compliant_on_panel(context) -> int:
    return next(c["count"] for c in context["status_counts"] if c["status"] == Status.COMPLIANT)


def test_school_closed_mid_year_keeps_its_drills_in_that_years_compliance(people):
    alice = people["alice"]
    open_done = f.school("Aspen", officer=alice)
    f.school("Beech", officer=alice)  # open, no drill: not compliant
    closed = f.school("Cedar", officer=alice)
    for school in (open_done, closed):
        f.drill(school, alice, when=f.at(2025, 10, 6))
        f.drill(school, alice, when=f.at(2026, 3, 2))
    closed.active, closed.closed_on = False, dt.date(2026, 6, 30)
    closed.save()
    never = f.school("Dogwood", officer=alice)  # no drill, closed in May: served, not compliant
    never.active, never.closed_on = False, dt.date(2026, 5, 31)
    never.save()
    f.school("Elm", officer=alice, active=False)  # inactive with no closing date: counts nowhere
    # By hand: 4 schools served in 2025–26 (Cedar until June 30, Dogwood until May 31), 2 compliant (Aspen,
    # Cedar), 2 not (Beech, Dogwood).
    section = report_drills()
    assert figure(section, "drills.schools_compliant") == 2
    assert figure(section, "drills.schools_not_compliant") == 2
    assert figure(section, "drills.lockdowns") == 4
    board = compliance_context(year=SCHOOL_YEAR)
    assert len(board["rows"]) == 4
    assert sum(1 for r in board["rows"] if r.status == Status.COMPLIANT) == 2
    context = supervisor_panel(people["boss"])
    assert compliant_on_panel(context) == 2
    assert sum(c["count"] for c in context["status_counts"]) == 4
    # A school closed since gets no reminder, even though the year's figures keep it; Beech (open) does.
    reminders_sweep()
    keys = list(Reminder.objects.values_list("key", flat=True))
    assert any(k.startswith(f"drills:overdue:{School.objects.get(name_en='Beech').pk}:") for k in keys)
    assert not any(k.startswith((f"drills:overdue:{never.pk}:", f"drills:unscheduled:{never.pk}:")) for k in keys)


def test_transfer_mid_year_credits_the_officer_who_held_the_school_that_year(people):
    alice, bob, carol = people["alice"], people["bob"], people["carol"]
    school = f.school("Maple")
    Assignment.objects.create(school=school, officer=alice, start=dt.date(2024, 9, 1), end=dt.date(2025, 1, 31))
    Assignment.objects.create(school=school, officer=bob, start=dt.date(2025, 2, 1), end=dt.date(2025, 12, 31))
    Assignment.objects.create(school=school, officer=carol, start=dt.date(2026, 1, 1))
    f.school("Pine")  # nobody ever held it
    f.drill(school, alice, when=f.at(2024, 10, 7))
    f.drill(school, bob, when=f.at(2025, 4, 7))
    # By hand, school year 2024–25: Bob held Maple on its last day (2025-08-31): Bob 1 school, 1 compliant;
    # Pine had nobody. Carol (today's officer) held nothing that year. 2025–26: Carol holds Maple today.
    past = figures.lockdown_drills(figures.Period.of(figures.SCHOOL, 2024))
    assert figure(past, "drills.compliant_by_officer", "Bob Baker") == 1
    assert {fig.group for fig in past.figures if fig.key == "drills.compliant_by_officer"} == {
        "Bob Baker",
        "No officer assigned",
    }
    board = compliance_context(year=2024)
    assert {(c["officer_name"], c["total"]) for c in board["officer_counts"]} == {("Bob Baker", 1), ("", 1)}
    current = compliance_context(year=SCHOOL_YEAR)
    assert {r.officer_name for r in current["rows"]} == {"Carol Chan", ""}
    # Schools per officer, 2024–25: 2 schools served; Alice (until January) and Bob (after) held one each: 2 / 2.
    coverage = figures.coverage(figures.Period.of(figures.SCHOOL, 2024))
    assert (coverage.schools, coverage.officers, coverage.schools_per_officer) == (2, 2, 1.0)
    assert {i: len(s) for i, s in coverage.schools_by_officer.items()} == {alice.pk: 1, bob.pk: 1}


def test_back_entered_action_items_count_by_their_own_dates(people):
    committee = cf.committee("Drug strategy")
    # Typed in today (July 2026) for dates of the school year: the history says "today", the items say otherwise.
    cf.action_item(committee, opened_on=dt.date(2025, 10, 1))
    cf.action_item(committee, opened_on=dt.date(2025, 9, 15), closed_on=dt.date(2025, 11, 1))
    cf.action_item(committee, opened_on=dt.date(2024, 11, 1), closed_on=dt.date(2025, 9, 20))
    assert ActionItem.history.filter(history_date__date=TODAY.date()).count() == 3
    # By hand, 2025–26: opened 2 (Oct 1, Sep 15), closed 2 (Nov 1, Sep 20), open at the end 1 (Oct 1).
    section = figures.committees_section(figures.Period.of(figures.SCHOOL, SCHOOL_YEAR))
    assert figure(section, "committees.action_items_opened") == 2
    assert figure(section, "committees.action_items_open_at_end") == 1
    assert key_figures(section)["Action items closed"] == 2


def test_imported_out_of_scope_school_counts_nowhere(people):
    alice = people["alice"]
    served = f.school("Aspen", officer=alice)
    f.drill(served, alice, when=f.at(2025, 10, 6))
    f.drill(served, alice, when=f.at(2026, 3, 2))
    Board.objects.get_or_create(code="PRIVATE", defaults={"name_en": "Private schools"})
    header = ",".join(c for c, _required, _d in importer.GENERIC_COLUMNS)
    rows = [
        "X-1,Flying Club of Ottawa,,PRIVATE,other,1,Airport Rd,Ottawa,,,,,,",
        "X-2,Nepean Driving School,,PRIVATE,other,2,Main St,Ottawa,,,,,,",
    ]
    result = importer.import_schools(data="\n".join([header, *rows]).encode(), dry_run=False)
    assert result.created == 2
    assert School.objects.count() == 3  # in the registry
    # By hand: 1 school served, 1 compliant, nothing due or unassigned.
    section = report_drills()
    assert figure(section, "drills.schools_compliant") == 1
    assert figure(section, "drills.schools_not_compliant") == 0
    schools = figures.schools_coverage(figures.Period.of(figures.SCHOOL, SCHOOL_YEAR))
    assert figure(schools, "schools.served") == 1
    assert figure(schools, "schools.per_officer") == 1.0
    assert len(compliance_rows(year=SCHOOL_YEAR)) == 1
    panel = supervisor_panel(people["boss"])
    assert sum(c["count"] for c in panel["status_counts"]) == 1
    assert coverage_counts()["unassigned"] == 0
    dashboard = dict(_year_context(TODAY.date())["figures"])
    assert dashboard["Schools"] == 1
    assert dashboard["Schools per officer (average)"] == 1.0
    reminders_sweep()
    club_ids = set(School.objects.filter(external_id__startswith="X-").values_list("pk", flat=True))
    keys = Reminder.objects.filter(key__regex=r"^drills:(overdue|unscheduled):").values_list("key", flat=True)
    assert not [k for k in keys if int(k.split(":")[2]) in club_ids]
    # An exception on the school form brings one back into scope.
    club = School.objects.get(external_id="X-1")
    club.scope_override = School.Scope.INCLUDE
    club.save()
    cache.clear()
    assert len(compliance_rows(year=SCHOOL_YEAR)) == 2


def test_importer_preview_offers_the_scope_and_warns_about_duplicates(people):
    f.school("Maple Grove Public School", board_code="OCDSB")
    header = ",".join(c for c, _required, _d in importer.GENERIC_COLUMNS)
    rows = [
        "N-1,MAPLE GROVE  public school,,OCDSB,elementary,,,,,,,,,",  # same normalised name and board
        "N-2,Music Academy,,OCDSB,other,,,,,,,,,",
    ]
    result = importer.import_schools(data="\n".join([header, *rows]).encode(), dry_run=True)
    assert [(d.line, d.existing_name) for d in result.duplicates] == [(2, "Maple Grove Public School")]
    assert {(c.value, c.count, c.served) for c in result.category_choices} == {
        ("elementary", 1, True),
        ("other", 1, False),
    }
    done = importer.import_schools(
        data="\n".join([header, *rows]).encode(), dry_run=False, boards={"OCDSB"}, categories={"elementary"}
    )
    assert (done.created, done.skipped) == (1, 1)
