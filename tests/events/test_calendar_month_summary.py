"""The month grid lists a few items a day and counts the rest (a month of a large service: ~3,000 sessions)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import selectors
from events.views import MONTH_PER_DAY
from tests.committees import factories as f
from tests.drills import factories as drill_factories
from tests.programs.conftest import make_program, make_session

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_day(officer):
    """2025-11-05: 7 sessions (one at 23:30 local, which is the next day in UTC) and 2 drills; the 6th: 1 session."""
    school = drill_factories.school("Queen Mary PS", officer=officer)
    vip = make_program("VIP")
    sessions = [
        make_session(program=vip, officer=officer, school=school, starts_at=f.aware(D(2025, 11, 5), 8 + i))
        for i in range(6)
    ]
    late = make_session(program=vip, officer=officer, school=school, starts_at=f.aware(D(2025, 11, 5), 23, 30))
    next_day = make_session(program=vip, officer=officer, school=school, starts_at=f.aware(D(2025, 11, 6), 9))
    drills = [
        drill_factories.drill(school, officer, when=f.aware(D(2025, 11, 5), h, 15), status="scheduled") for h in (7, 12)
    ]
    return {"sessions": sessions, "late": late, "next_day": next_day, "drills": drills}


def test_summary_gives_the_first_items_of_each_day_and_counts_the_rest(busy_day, officer):
    items, left_out = selectors.calendar_collect_summary(
        start=D(2025, 11, 1), end=D(2025, 11, 10), user=officer, per_day=3
    )
    on_the_5th = [i for i in items if selectors.item_days(i)[0] == D(2025, 11, 5)]
    # Each provider returns its first 3 of the day, by time: drills at 7:15 and 12:15, sessions at 8, 9, 10.
    assert [(i.kind, i.start.astimezone(f.aware(D(2025, 11, 5), 0).tzinfo).hour) for i in on_the_5th] == [
        ("drill", 7),
        ("session", 8),
        ("session", 9),
        ("session", 10),
        ("drill", 12),
    ]
    # 7 sessions on the 5th in local time (the 23:30 one included), 3 returned: 4 left out; none of the drills.
    assert left_out[D(2025, 11, 5)] == 4
    assert left_out[D(2025, 11, 6)] == 0
    days = {d.date: d for d in selectors.calendar_days(
        first=D(2025, 11, 1), last=D(2025, 11, 9), items=items, per_day=3, left_out=left_out
    )}  # fmt: skip
    assert [e["item"].kind for e in days[D(2025, 11, 5)].items] == ["drill", "session", "session"]
    assert days[D(2025, 11, 5)].more == 9 - 3  # 7 sessions + 2 drills, 3 listed
    assert [e["item"].uid for e in days[D(2025, 11, 6)].items] == [f"session-{busy_day['next_day'].pk}@csu"]
    assert days[D(2025, 11, 6)].more == 0


def test_summary_respects_the_kind_filter(busy_day, officer):
    items, left_out = selectors.calendar_collect_summary(
        start=D(2025, 11, 1), end=D(2025, 11, 10), user=officer, per_day=1, kinds=["drill"]
    )
    assert {i.kind for i in items} == {"drill"}
    assert left_out[D(2025, 11, 5)] == 1  # the 12:15 drill; sessions are filtered out, not "more"


def test_month_page_links_to_the_day_and_counts_every_item(busy_day, officer_client):
    html = officer_client.get("/events/calendar/?date=2025-11-05&staff=").content.decode()
    more = 9 - MONTH_PER_DAY
    assert re.search(rf'href="\?view=day&amp;date=2025-11-05&amp;staff=">{more} more<', html)
    assert "10 items" in html  # 8 sessions and 2 drills in the window, listed or not
    day = officer_client.get("/events/calendar/?view=day&date=2025-11-05&staff=").content.decode()
    assert day.count('class="cal-item') == 9  # the day view lists everything
    assert "more<" not in day


def test_month_query_count_does_not_grow_with_sessions(officer, officer_client):
    school = drill_factories.school("Queen Mary PS", officer=officer)
    vip = make_program("VIP")

    def add(n):
        for i in range(n):
            make_session(program=vip, officer=officer, school=school, starts_at=f.aware(D(2025, 11, 1 + i % 28), 9))

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert officer_client.get("/events/calendar/?date=2025-11-10").status_code == 200
        return len(ctx.captured_queries)

    add(3)
    small = count()
    add(60)
    assert count() == small
