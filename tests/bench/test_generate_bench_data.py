"""The benchmark dataset generator at a tiny scale: expected counts, coherent data, same seed → same data."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from csu import benchdata
from schools.models import Assignment, Board, CallForService, School

TODAY = "2026-03-15"  # school year 2025–2026: the ten years are 2016–2017 .. 2025–2026


def generate(seed=7, reset=False):
    args = ["--scale", "0.02", "--seed", str(seed), "--today", TODAY]
    call_command("generate_bench_data", *args, *(["--reset"] if reset else []), stdout=_Sink())


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


def snapshot():
    """The generated data by natural values (ids and created_at differ between runs)."""
    schools = list(
        School.objects.order_by("external_id").values_list("external_id", "name_en", "board__code", "closed_on")
    )
    assignments = list(
        Assignment.objects.order_by("school__external_id", "start").values_list(
            "school__external_id", "officer__username", "start", "end"
        )
    )
    calls = list(
        CallForService.objects.order_by("occurrence_number").values_list(
            "occurrence_number",
            "occurred_at",
            "school__external_id",
            "responding_officer__username",
            "category",
            "status",
        )
    )
    return schools, assignments, calls


@pytest.mark.django_db
def test_tiny_scale_has_the_expected_counts():
    generate()
    # scale 0.02: 800 → 16 schools, 30,000 → 600 calls, 20,000 → 400 history rows; boards and officers keep
    # their minimum of 2 and 4.
    assert Board.objects.count() == 2
    assert School.objects.count() == 16
    assert CallForService.objects.count() == 600
    assert User.objects.filter(username__startswith="bench_officer", role=Role.OFFICER).count() == 4
    assert User.objects.get(username="bench_coordinator").groups.filter(name=Role.COORDINATOR).exists()
    assert User.objects.get(username="bench_supervisor").groups.filter(name=Role.SUPERVISOR).exists()
    assert User.objects.get(username="bench_admin").is_superuser
    history = sum(m.history.model.objects.count() for m in (Board, School, Assignment, CallForService))
    assert history == 400
    assert Board.history.model.objects.filter(history_type="+").count() == 2


@pytest.mark.django_db
def test_generated_data_is_coherent():
    generate()
    first_day, last_day = dt.date(2016, 9, 1), dt.date(2026, 3, 15)
    for school in School.objects.all():
        periods = list(school.assignments.order_by("start"))
        assert periods, school
        assert periods[0].start >= first_day
        for before, after in zip(periods, periods[1:], strict=False):
            assert before.end is not None and before.end < after.start  # no overlap
        if school.closed_on:
            assert not school.active and periods[-1].end == school.closed_on
        else:
            assert periods[-1].end is None  # one open assignment: the school's current officer
    occurred = CallForService.objects.values_list("occurred_at", flat=True)
    assert min(occurred).date() >= first_day
    assert max(occurred).date() <= last_day
    numbers = list(CallForService.objects.values_list("occurrence_number", flat=True))
    assert len(set(numbers)) == 600
    voided = CallForService.objects.filter(status=CallForService.Status.VOIDED)
    assert all(call.void_reason for call in voided)


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    generate(seed=7)
    first = snapshot()
    generate(seed=7, reset=True)
    assert snapshot() == first
    generate(seed=8, reset=True)
    assert snapshot() != first


@pytest.mark.django_db
def test_refuses_to_mix_with_existing_data_and_skips_when_current():
    generate()
    with pytest.raises(CommandError, match="--reset"):
        generate()
    assert benchdata.read_marker() == benchdata.marker(scale=0.02, seed=7)
    before = CallForService.objects.order_by("pk").first().pk
    call_command(
        "generate_bench_data", "--scale", "0.02", "--seed", "7", "--today", TODAY, "--reset", "--skip-if-current",
        stdout=_Sink(),
    )  # fmt: skip
    assert CallForService.objects.order_by("pk").first().pk == before  # nothing regenerated


def test_scaled_counts():
    assert benchdata.scaled(800, 1) == 800
    assert benchdata.scaled(800, 2) == 1600
    assert benchdata.scaled(12, 0.02, minimum=4) == 4
    assert benchdata.scaled(30_000, 0.02) == 600


@pytest.mark.django_db
def test_copy_insert_writes_rows_faithfully():
    board = Board.objects.create(code="B1", name_en="Board One")
    count = benchdata.copy_insert(
        School,
        [
            {"external_id": "C-1", "name_en": "Tab\there", "board_id": board.pk, "category": "elementary",
             "notes": "line one\nline two \\ backslash", "latitude": None, "active": False,
             "closed_on": dt.date(2020, 6, 30)},
            {"external_id": "C-2", "name_en": "Plain", "board_id": board.pk, "category": "secondary",
             "latitude": "44.300001"},
        ],
    )  # fmt: skip
    assert count == 2
    first, second = School.objects.get(external_id="C-1"), School.objects.get(external_id="C-2")
    assert first.name_en == "Tab\there"
    assert first.notes == "line one\nline two \\ backslash"
    assert first.latitude is None and first.active is False and first.closed_on == dt.date(2020, 6, 30)
    assert second.name_fr == "" and second.active is True and str(second.latitude) == "44.300001"
    assert second.created_at is not None
