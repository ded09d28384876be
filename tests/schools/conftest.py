import datetime as dt
import itertools

import pytest
from django.utils import timezone

from schools.models import Assignment, Board, CallForService, School

_seq = itertools.count(1)


def make_board(code: str = "OCDSB", **extra) -> Board:
    board, _ = Board.objects.get_or_create(code=code, defaults={"name_en": f"{code} board", **extra})
    return board


def make_school(name: str | None = None, board: Board | None = None, **extra) -> School:
    n = next(_seq)
    return School.objects.create(
        name_en=name or f"School {n:03d}",
        name_fr=extra.pop("name_fr", f"École {n:03d}"),
        board=board or make_board(),
        category=extra.pop("category", School.Category.ELEMENTARY),
        external_id=extra.pop("external_id", f"T-{n:05d}"),
        **extra,
    )


def assign(school: School, officer, start=dt.date(2025, 9, 1), end=None) -> Assignment:
    return Assignment.objects.create(school=school, officer=officer, start=start, end=end)


def make_call(school: School, officer, **extra) -> CallForService:
    n = next(_seq)
    return CallForService.objects.create(
        school=school,
        responding_officer=officer,
        occurred_at=extra.pop("occurred_at", timezone.now() - dt.timedelta(days=1)),
        category=extra.pop("category", CallForService.Category.TRESPASS),
        occurrence_number=extra.pop("occurrence_number", f"OCC-{n:05d}"),
        summary=extra.pop("summary", "Adult refused to leave property."),
        **extra,
    )


@pytest.fixture
def school(db):
    return make_school("Maple Ridge Public School", name_fr="École publique Maple Ridge")
