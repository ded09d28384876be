import datetime as dt
import itertools

import pytest
from django.utils import timezone

from programs.models import ClassSeries, Placement, PresentationRequest, Program, Session
from schools.models import Board, School

_counter = itertools.count(1)


def aware(year, month, day, hour=10, minute=0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


def make_school(name: str = "") -> School:
    board, _ = Board.objects.get_or_create(code="TESTB", defaults={"name_en": "Test Board"})
    n = next(_counter)
    return School.objects.create(name_en=name or f"Test School {n}", board=board, category="elementary")


def make_program(code="VIP", **extra) -> Program:
    defaults = {
        "VIP": {"name_en": "VIP", "sessions_min": 6, "sessions_max": 7, "available_from": dt.date(1990, 9, 1)},
        "KIDS": {"name_en": "KIDS", "sessions_min": 6, "sessions_max": 10, "available_from": dt.date(2015, 9, 1)},
    }.get(code, {"name_en": code, "sessions_min": 1, "sessions_max": 1, "available_from": dt.date(2000, 1, 1)})
    defaults.update(extra)
    program, _ = Program.objects.update_or_create(code=code, defaults=defaults)
    return program


def make_series(*, program, school, officer, year=2025, label="Room 12 — Ms. Singh") -> ClassSeries:
    return ClassSeries.objects.create(
        program=program, school=school, school_year=year, class_label=label, grade="6", officer=officer
    )


def make_session(*, program, officer, school=None, series=None, number=None, starts_at=None, **extra) -> Session:
    session = Session.objects.create(
        program=program,
        school=school if school is not None else (series.school if series else None),
        organisation=extra.pop("organisation", "" if (school or series) else "Seniors' Club"),
        venue=extra.pop("venue", "" if (school or series) else "Hall"),
        starts_at=starts_at or aware(2025, 10, 6),
        length_minutes=extra.pop("length_minutes", 60),
        audience_count=extra.pop("audience_count", 25),
        series=series,
        session_number=number,
        created_by=officer,
        **extra,
    )
    session.officers.add(officer)
    return session


def make_request(**extra) -> PresentationRequest:
    values = {
        "organisation": "Vanier Youth Centre",
        "contact_name": "Tanya Brooks",
        "contact_email": "tanya@example.org",
        "topic": "Internet safety",
        "received_on": dt.date(2025, 10, 1),
    }
    values.update(extra)
    return PresentationRequest.objects.create(**values)


def make_placement(*, supervisor, **extra) -> Placement:
    values = {
        "student_name": "Maya Desrochers",
        "institution": "Algonquin College",
        "level": Placement.Level.POST_SECONDARY,
        "program_of_study": "Police Foundations",
        "starts_on": dt.date(2024, 1, 8),
        "ends_on": dt.date(2024, 4, 26),
        "hours": 180,
        "supervisor": supervisor,
        "project_summary": "Maya built the partner contact list.",
        "consent_confirmed": True,
        "retain_until": dt.date(2025, 4, 26),
    }
    values.update(extra)
    return Placement.objects.create(**values)


@pytest.fixture
def school(db):
    return make_school("Riverview Public School")


@pytest.fixture
def vip(db):
    return make_program("VIP")


@pytest.fixture
def kids(db):
    return make_program("KIDS")
