"""Demo data: a school year of program sessions by officer1..officer4 at their demo schools.

Idempotent: every row is found by a natural key (series by program/school/year/class; sessions by series and
number, or by program/place/start) and the dates come from random.Random seeded with the school year.
Schools come from schools/demo.py (read, never created here).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from accounts.models import Role, User
from schools.models import Assignment, School, SchoolYear

from .models import (
    ClassSeries,
    PatrolYear,
    Placement,
    PresentationRequest,
    Program,
    ProgramRevision,
    Session,
    default_retain_until,
)

TEACHERS = [
    "Ms. Singh",
    "Mr. Roy",
    "Mme Lavoie",
    "Mr. Okafor",
    "Ms. Chen",
    "Mme Bélanger",
    "Mr. Haddad",
    "Ms. Kowalski",
]
ORGANISATIONS = [
    ("Somerset West Community Health Centre", "Main hall", "Newcomer outreach: meeting your police"),
    ("Carlington Seniors' Club", "Community room", "Fraud and scam prevention"),
    ("Vanier Youth Centre", "Gym", "Internet safety for teens"),
    ("Overbrook Parents' Network", "Library meeting room", "Drug awareness for parents"),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def seed(*, stdout) -> None:
    programs = {p.code: p for p in Program.objects.all()}
    if not {"VIP", "KIDS", "ELMER", "CBC", "SCHOOL-PRES", "COMMUNITY-PRES"} <= programs.keys():
        stdout.write("programs: catalogue missing (run migrate); no demo data")
        return
    officers = list(User.objects.filter(role=Role.OFFICER, username__startswith="officer").order_by("username"))
    coordinator = User.objects.filter(username="coordinator").first()
    today = timezone.localdate()
    year = SchoolYear.current()
    year_start, _year_end = SchoolYear.bounds(year)
    rng = random.Random(f"programs-demo-{year}")
    counts = {"series": 0, "sessions": 0, "requests": 0, "placements": 0, "patrol": 0, "revisions": 0}

    counts["revisions"] += _revisions(programs, coordinator)

    schools_by_officer: dict[int, list[School]] = {}
    for assignment in (
        Assignment.objects.current().filter(officer__in=officers).select_related("school").order_by("school__name_en")
    ):
        schools_by_officer.setdefault(assignment.officer_id, []).append(assignment.school)

    teacher_index = 0
    for officer in officers:
        schools = schools_by_officer.get(officer.pk, [])[:3]
        for index, school in enumerate(schools):
            # A Grade 6 series (VIP at some schools, KIDS at others) at various stages of progress.
            program = programs["VIP"] if (index + officer.pk) % 2 == 0 else programs["KIDS"]
            teacher = TEACHERS[teacher_index % len(TEACHERS)]
            teacher_index += 1
            series, created = ClassSeries.objects.get_or_create(
                program=program,
                school=school,
                school_year=year,
                class_label=f"Room {10 + index * 3} — {teacher}",
                defaults={"grade": "6", "officer": officer, "created_by": officer},
            )
            counts["series"] += created
            first = _weekday_on_or_after(year_start + dt.timedelta(days=rng.randint(21, 60)))
            planned = rng.randint(2, program.sessions_max)
            for number in range(1, planned + 1):
                day = _weekday_on_or_after(first + dt.timedelta(weeks=number - 1))
                if day > today:
                    break
                _, created = Session.objects.get_or_create(
                    series=series,
                    session_number=number,
                    status=Session.Status.ACTIVE,
                    defaults={
                        "program": program,
                        "school": school,
                        "starts_at": _at(day, 9, 30),
                        "length_minutes": 60,
                        "grades": "6",
                        "class_label": series.class_label,
                        "audience_count": rng.randint(18, 29),
                        "language": "fr" if school.board.language == "fr" else "en",
                        "created_by": officer,
                    },
                )
                if created:
                    Session.objects.get(series=series, session_number=number, status="active").officers.add(officer)
                    counts["sessions"] += 1
            # Single visits: Elmer for the little ones, CBC for Grade 8.
            for code, grades, label, offset, minutes in (
                ("ELMER", "K-1", "Kindergarten classes", 35 + index * 11, 45),
                ("CBC", "8", "Grade 8 classes", 80 + index * 13, 90),
            ):
                day = _weekday_on_or_after(year_start + dt.timedelta(days=offset))
                if day > today:
                    continue
                counts["sessions"] += _single_session(
                    program=programs[code],
                    officer=officer,
                    school=school,
                    starts_at=_at(day, 13, 0),
                    minutes=minutes,
                    grades=grades,
                    label=label,
                    audience=rng.randint(40, 120),
                )

    counts["requests"] += _requests(programs, officers, coordinator, year_start, today, rng, counts)
    counts["patrol"] += _patrol(schools_by_officer, year, year_start, rng, coordinator)
    counts["placements"] += _placements(officers, coordinator, year_start)
    stdout.write(
        "programs: {series} class series, {sessions} sessions, {requests} requests, {patrol} patrol years, "
        "{placements} placements, {revisions} revisions created".format(**counts)
    )


def _single_session(
    *, program, officer, school=None, organisation="", venue="", starts_at, minutes, grades, label, audience
):
    session, created = Session.objects.get_or_create(
        program=program,
        school=school,
        organisation=organisation,
        starts_at=starts_at,
        status=Session.Status.ACTIVE,
        defaults={
            "venue": venue,
            "length_minutes": minutes,
            "grades": grades,
            "class_label": label,
            "audience_count": audience,
            "created_by": officer,
        },
    )
    if created:
        session.officers.add(officer)
    return int(created)


def _revisions(programs, coordinator) -> int:
    created = 0
    for code, day, summary in (
        ("VIP", dt.date(2023, 8, 20), "Internet safety lesson rewritten for social media and sextortion."),
        ("VIP", dt.date(2025, 8, 25), "Cannabis lesson updated to the current legal framework."),
        ("KIDS", dt.date(2024, 8, 28), "Adopted locally as the Grade 6 program; 8 core lessons, 2 optional."),
        ("ELMER", dt.date(2024, 6, 1), "New bike-safety rule sheet from the Canada Safety Council."),
    ):
        _, was_created = ProgramRevision.objects.get_or_create(
            program=programs[code], revised_on=day, defaults={"summary": summary, "created_by": coordinator}
        )
        created += was_created
    return created


def _requests(programs, officers, coordinator, year_start, today, rng, counts) -> int:
    if not officers:
        return 0
    created = 0
    base = min(today, year_start + dt.timedelta(days=60))
    plans = [
        # (organisation index, status, days after year start received, officer index)
        (0, PresentationRequest.Status.DELIVERED, 5, 0),
        (1, PresentationRequest.Status.DELIVERED, 12, 1),
        (2, PresentationRequest.Status.SCHEDULED, 30, 2),
        (3, PresentationRequest.Status.NEW, 40, None),
        (None, PresentationRequest.Status.NEW, 45, None),
        (None, PresentationRequest.Status.DECLINED, 20, None),
    ]
    schools = list(School.objects.filter(active=True).order_by("name_en")[:2])
    for org_index, status, offset, officer_index in plans:
        received = min(year_start + dt.timedelta(days=offset), base)
        if org_index is not None:
            organisation, venue, topic = ORGANISATIONS[org_index]
            key = {"organisation": organisation, "school": None}
            values = {"program": programs["COMMUNITY-PRES"], "topic": topic}
        else:
            if not schools:
                continue
            school = schools[0] if status == PresentationRequest.Status.NEW else schools[-1]
            key = {"organisation": "", "school": school}
            values = {"program": programs["SCHOOL-PRES"], "topic": "Internet safety for Grades 7 and 8"}
        req = PresentationRequest.objects.filter(received_on=received, **key).first()
        if req is not None:
            continue
        req = PresentationRequest(
            received_on=received,
            contact_name=["Amal Farah", "Gérard Pilon", "Tanya Brooks", "Wei Zhang", "Luc Ménard", "Nadia Khan"][
                created % 6
            ],
            contact_email=f"contact{offset}@example.org",
            contact_phone=f"613-555-01{offset:02d}" if offset % 2 else "",
            preferred_dates="Weekday evenings" if org_index is not None else "Any morning in the next month",
            audience_description="Adults" if org_index is not None else "Grades 7 and 8",
            audience_size=rng.randint(15, 80),
            created_by=coordinator,
            **key,
            **values,
        )
        officer = officers[officer_index % len(officers)] if officer_index is not None else None
        if status in (PresentationRequest.Status.SCHEDULED, PresentationRequest.Status.DELIVERED):
            req.status = status
            req.assigned_officer = officer
            req.scheduled_for = _weekday_on_or_after(received + dt.timedelta(days=14))
        if status == PresentationRequest.Status.DELIVERED:
            day = req.scheduled_for
            starts_at = _at(day, 19, 0)
            counts["sessions"] += _single_session(
                program=programs["COMMUNITY-PRES"],
                officer=officer,
                organisation=organisation,
                venue=venue,
                starts_at=starts_at,
                minutes=60,
                grades="",
                label="",
                audience=req.audience_size,
            )
            req.session = Session.objects.get(
                program=programs["COMMUNITY-PRES"], organisation=organisation, starts_at=starts_at, status="active"
            )
        if status == PresentationRequest.Status.DECLINED:
            req.status = status
            req.decline_reason = "Requested date falls during Police Week; offered the following week instead."
        req.save()
        created += 1
    return created


def _patrol(schools_by_officer, year, year_start, rng, coordinator) -> int:
    created = 0
    schools = [s for group in schools_by_officer.values() for s in group[:1]]
    for school in schools:
        patrollers = rng.randint(8, 24)
        _, was_created = PatrolYear.objects.get_or_create(
            school=school,
            school_year=year,
            defaults={
                "patrollers": patrollers,
                "captains": min(patrollers, rng.randint(2, 4)),
                "training_on": _weekday_on_or_after(year_start + dt.timedelta(days=rng.randint(14, 35))),
                "exam_passes": patrollers - rng.randint(0, 2),
                "patroller_of_year_nominations": rng.randint(0, 2),
                "supervisor_of_year_nominations": rng.randint(0, 1),
                "created_by": coordinator,
            },
        )
        created += was_created
    return created


def _placements(officers, coordinator, year_start) -> int:
    supervisor = coordinator or (officers[0] if officers else None)
    if supervisor is None:
        return 0
    created = 0
    for name, institution, level, study, start_offset, weeks, hours, summary in (
        (
            "Maya Desrochers",
            "Algonquin College",
            Placement.Level.POST_SECONDARY,
            "Police Foundations",
            30,
            12,
            "180",
            "Built the drug-awareness week schedule and partner contact list.",
        ),
        (
            "Jonah Whitecloud",
            "Carleton University",
            Placement.Level.POST_SECONDARY,
            "Criminology",
            -100,
            14,
            "210",
            "Reviewed newcomer outreach material with community partners.",
        ),
        (
            "Élodie Caron",
            "École secondaire Gisèle-Lalonde",
            Placement.Level.SECONDARY,
            "Co-op (Grade 12)",
            45,
            10,
            "110",
            "Helped prepare Elmer the Safety Elephant visits.",
        ),
        (
            "Ravi Patel",
            "Algonquin College",
            Placement.Level.POST_SECONDARY,
            "Community and Justice Services",
            -600,
            12,
            "200",
            "Summer safety patrol training support.",
        ),
    ):
        starts_on = year_start + dt.timedelta(days=start_offset)
        ends_on = starts_on + dt.timedelta(weeks=weeks)
        _, was_created = Placement.objects.get_or_create(
            institution=institution,
            program_of_study=study,
            level=level,
            starts_on=starts_on,
            defaults={
                "student_name": name,
                "ends_on": ends_on,
                "hours": Decimal(hours),
                "supervisor": supervisor,
                "project_summary": summary,
                "consent_confirmed": True,
                "retain_until": default_retain_until(ends_on),
                "created_by": coordinator,
            },
        )
        created += was_created
    return created
