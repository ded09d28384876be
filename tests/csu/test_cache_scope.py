"""Results kept in the cache follow what each person may read (csu.access) and every row they show.

An officer reads the records of their own schools (OFFICER_READS="own"), so a result read through that scope is
kept per officer and moves when an assignment changes; the dashboard's panels keep their markup per viewer.
Transactional tests: a topic's version moves after a commit.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from events.selectors import calendar_collect_summary
from schools.models import Assignment
from tests.conftest import make_user
from tests.drills.factories import TZ, drill, school

pytestmark = pytest.mark.django_db(transaction=True)


def _today_at(hour: int) -> dt.datetime:
    return dt.datetime.combine(timezone.localdate(), dt.time(hour), tzinfo=TZ)


def _month(user) -> list[str]:
    day = timezone.localdate()
    start = day.replace(day=1)
    items, _left_out = calendar_collect_summary(start=start, end=start + dt.timedelta(days=42), user=user, per_day=4)
    return [item.uid for item in items if item.kind == "drill"]


def test_an_officers_month_calendar_is_kept_for_them_alone_and_follows_a_transfer(coordinator):
    first, second = make_user("officer_one", "officer"), make_user("officer_two", "officer")
    place = school("Maple", officer=first)
    led = drill(place, coordinator, when=_today_at(10), status="scheduled")
    uid = f"drill-{led.pk}@csu"
    assert _month(first) == [uid]
    assert _month(second) == []  # same permissions as the first officer, not the same schools
    Assignment.objects.filter(school=place, officer=first).update(end=timezone.localdate())  # no post_save
    Assignment.objects.create(school=place, officer=second, start=timezone.localdate())
    assert _month(second) == [uid]


def test_a_scheduled_presentation_moves_the_calendar(coordinator):
    from programs.models import PresentationRequest

    day = timezone.localdate()
    start = day.replace(day=1)

    def presentations():
        items, _left = calendar_collect_summary(
            start=start, end=start + dt.timedelta(days=42), user=coordinator, per_day=4
        )
        return [item.title for item in items if item.kind == "presentation"]

    assert presentations() == []
    PresentationRequest.objects.create(
        organisation="Seniors' Club",
        contact_name="R. Roy",
        contact_email="roy@example.org",
        topic="Fraud awareness",
        audience_description="Seniors",
        audience_size=30,
        received_on=day,
        status=PresentationRequest.Status.SCHEDULED,
        scheduled_for=day,
        assigned_officer=coordinator,
    )
    assert len(presentations()) == 1


def test_an_officers_sessions_count_is_kept_per_officer_and_follows_their_assignments():
    from tests.programs.conftest import make_program, make_session

    first, second = make_user("officer_one", "officer"), make_user("officer_two", "officer")
    writer = make_user("writer", "coordinator")
    place, other = school("Maple", officer=first), school("Birch", officer=second)
    program = make_program("VIP")
    for _ in range(3):
        make_session(program=program, officer=writer, school=place)
    make_session(program=program, officer=writer, school=other)
    url = reverse("programs:session_list")
    clients = {}

    def count(user):
        if user.pk not in clients:
            from django.test import Client

            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        response = clients[user.pk].get(url)
        assert response.status_code == 200
        return int(re.search(r"(\d+) records?\b", response.content.decode()).group(1))  # the count under the table

    assert (count(first), count(second)) == (3, 1)
    assert (count(first), count(second)) == (3, 1)  # kept, and kept apart
    Assignment.objects.filter(school=other).update(end=timezone.localdate())
    Assignment.objects.create(school=other, officer=first, start=timezone.localdate())
    assert (count(first), count(second)) == (4, 0)


def test_the_officer_dashboard_shows_a_new_drill_at_once():
    """The drills panel's markup is kept ({% cache %}); a drill logged since shows on the next view."""
    from django.test import Client

    officer = make_user("officer_one", "officer")
    place = school("Maple", officer=officer)
    client = Client()
    client.force_login(officer)
    url = reverse("dashboard_role", kwargs={"role": "officer"})

    def upcoming() -> str:
        page = client.get(url)
        assert page.status_code == 200
        return page.content.decode()

    assert "No drill scheduled." in upcoming()
    assert "No drill scheduled." in upcoming()  # the kept markup
    drill(place, officer, when=timezone.now() + dt.timedelta(days=2), status="scheduled")
    shown = upcoming()
    assert "No drill scheduled." not in shown and "Maple" in shown


def test_pages_are_sent_compressed_to_browsers_that_accept_it():
    """An officer's phone gets the dashboard gzipped (docs/operations.md: BREACH padding, masked CSRF tokens)."""
    import gzip

    from django.test import Client

    officer = make_user("officer_one", "officer")
    school("Maple", officer=officer)
    client = Client()
    client.force_login(officer)
    url = reverse("dashboard_role", kwargs={"role": "officer"})
    plain = client.get(url)
    packed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    assert "Maple" in gzip.decompress(packed.content).decode()
    assert len(packed.content) < len(plain.content) / 3
