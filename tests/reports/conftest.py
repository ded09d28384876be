"""A small dataset whose figures are counted by hand (see the comments): calendar year 2025, today 2026-03-15.

Schools and assignments (officer A = "Alice Able", officer B = "Bob Baker"):
- S1: A from 2024-09-01, open                 -> covered all 365 days of 2025
- S2: A 2025-01-01..2025-03-31 (31+28+31 = 90 days), nobody in April (30 days), B from 2025-05-01 (245 days)
- S3: B from 2025-12-02, open                 -> unassigned 2025-01-01..2025-12-01 = 335 days, covered 30
2025: schools 3, officers 2, schools per officer (A 2 + B 2) / 2 = 2.0, unassigned 30 + 335 = 365 school-days;
      by month: Jan 31, Feb 28, Mar 31, Apr 30+30 = 60, May 31, Jun 30, Jul 31, Aug 31, Sep 30, Oct 31, Nov 30,
      Dec 1 (S3 on Dec 1); A: 2 schools, 365 + 90 = 455 school-days; B: 2 schools, 245 + 30 = 275 school-days.
2024 (leap year, 366 days): S1 covered Sep 1..Dec 31 = 122 days, unassigned 244; S2 and S3 unassigned 366 each;
      unassigned 244 + 366 + 366 = 976; officers 1 (A); schools per officer 1 / 1 = 1.0.

Calls (local time, America/Toronto):
- 2025-01-15 10:00 S1 threat A; 2025-01-20 09:00 S1 assault A; 2025-06-10 12:00 S2 drugs B;
  2025-12-31 23:30 S3 drugs B (04:30 UTC on 2026-01-01, still 2025 locally)
- voided: 2025-03-01 S1 theft A (not counted); 2026-01-01 00:30 S2 other B (next year)
- 2024-05-05 S1 threat A (previous period)
2025: total 4 (previous 1, change +3); threat 1 (1, 0), assault 1 (0, +1), drugs 2 (0, +2);
      by month Jan 2, Jun 1, Dec 1; by officer A 2 (previous 1), B 2 (previous 0).
"""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from schools.models import Assignment, Board, CallForService, School
from tests.conftest import make_user

TODAY = dt.datetime(2026, 3, 15, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=-4)))


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def local(year, month, day, hour=12, minute=0):
    return timezone.make_aware(dt.datetime(year, month, day, hour, minute))


@pytest.fixture
def dataset(db):
    a = make_user("alice", Role.OFFICER, display_name="Alice Able")
    b = make_user("bob", Role.OFFICER, display_name="Bob Baker")
    board = Board.objects.create(code="TDSB", name_en="Test District School Board")
    s1, s2, s3 = (
        School.objects.create(name_en=name, board=board, category=School.Category.ELEMENTARY)
        for name in ("Maple Public School", "Birch Public School", "Cedar Public School")
    )
    Assignment.objects.create(school=s1, officer=a, start=dt.date(2024, 9, 1))
    Assignment.objects.create(school=s2, officer=a, start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
    Assignment.objects.create(school=s2, officer=b, start=dt.date(2025, 5, 1))
    Assignment.objects.create(school=s3, officer=b, start=dt.date(2025, 12, 2))

    def call(school, when, category, officer, number, **extra):
        return CallForService.objects.create(
            school=school,
            occurred_at=when,
            category=category,
            responding_officer=officer,
            occurrence_number=number,
            **extra,
        )

    C = CallForService.Category
    call(s1, local(2025, 1, 15, 10), C.THREAT, a, "25-1")
    call(s1, local(2025, 1, 20, 9), C.ASSAULT, a, "25-2")
    call(s2, local(2025, 6, 10, 12), C.DRUGS, b, "25-3")
    call(s3, local(2025, 12, 31, 23, 30), C.DRUGS, b, "25-4")
    call(s1, local(2025, 3, 1), C.THEFT, a, "25-5", status=CallForService.Status.VOIDED, void_reason="Duplicate")
    call(s2, local(2026, 1, 1, 0, 30), C.OTHER, b, "26-1")
    call(s1, local(2024, 5, 5), C.THREAT, a, "24-1")
    return {"a": a, "b": b, "schools": (s1, s2, s3)}


# --- The other apps' records, counted by hand for calendar year 2025 (previous: 2024) -------------------------
# Officers: A = Alice Able, B = Bob Baker; schools S1, S2, S3 (current officers: S1 A, S2 B, S3 B).
#
# Drills (completed unless said): D1 S1 lockdown 2024-10-10 A; D2 S1 lockdown 2025-03-12 A; D3 S2 lockdown
# 2025-02-05 B; D4 S2 hold-and-secure 2025-05-20 B; D5 S3 lockdown 2025-10-01 B; D6 S1 shelter-in-place 2025-03-20 A;
# D7 S3 lockdown 2025-04-01 cancelled; D8 S2 lockdown scheduled 2026-04-10; D10 S3 lockdown 2024-04-15 A.
#   2025: 5 conducted (D2 D3 D4 D5 D6), 3 lockdowns, 2 others; 2024: 2 (D1 D10), both lockdowns.
#   by month 2025: Feb 1, Mar 2, May 1, Oct 1; 2024: Apr 1, Oct 1. Led: A 2 (prev 2), B 3 (prev 0).
#   Compliance, school year 2024-2025 (2 lockdowns required): S1 D1+D2 = 2 compliant; S2 D3 = 1; S3 0 -> 1 of 3,
#   33.3 %; previous school year 2023-2024: S3 D10 = 1 only -> 0 of 3, 0.0 %. By officer: A 1/1 (100.0), B 0/2.
#   Follow-ups: F1 on D3 resolved 2025-03-01; F2 on D3 open; F3 on D1 resolved 2025-01-15; F4 on D4 resolved
#   2026-01-10. Raised (drill dated in the period) 3 vs 1; closed 2 (F1 F3) vs 0; open at the end 2 (F2 F4) vs 1 (F3).
#
# Programs (the seeded catalogue is made inactive): "Grade 6 Values" (3 sessions minimum, education/prevention),
# "Elmer Safety" (families/social development), "Presentations on request" (inclusion/prevention).
#   Series X (S1, A): 2024-11-05, 2025-01-14, 2025-02-11 (25 each) -> completed in 2025. Series Y (S2, B):
#   2025-10-07, 2025-11-04 (20 each) and a voided third -> not completed. Series Z (S3, A): 2024-01-10, 02-10, 03-10
#   (30 each) -> completed in 2024. Elmer: 2025-05-06 S1 40 by A and B; 2024-06-01 S2 35 by B.
#   Presentations: PR1 2025-04-10 Newcomer Centre 50 by A; PR2 2025-01-20 S1 30 by B.
#   2025: 7 sessions, audience 25+25+20+20+40+50+30 = 210; 2024: 5 sessions, audience 25+30*3+35 = 150.
#   Requests: R1 received 2025-03-20 delivered by PR1 (21 days); R2 2025-06-01 declined; R3 2025-11-20 new;
#   R4 2024-12-15 delivered by PR2 (36 days); R5 2024-05-01 declined. 2025: received 3, delivered 2, declined 1,
#   median (21 + 36) / 2 = 28.5; 2024: received 2, delivered 0, declined 1, median 0.
#
# Safety patrol, school year 2024: S1 12 patrollers, 2 captains, trained 2024-09-20, 11 passes, 1 PotY nomination;
# S2 8 patrollers, 1 captain, no training date, 1 supervisor nomination; S3 0. 2023: S1 10, 2 captains, trained
# 2023-09-22, 9 passes. 2025 (not counted): S2 9.
#
# Committees: Drug Strategy (inclusion/risk intervention), Youth Council (opportunity/social development), Housing
# Table (no tags, active until 2024-06-30). A on Drug Strategy since 2024-01-01, B on Youth Council since 2025-02-01,
# A on Housing Table 2023-01-01..2024-06-30. Represented on 2025-12-31: 2; on 2024-12-31: 1.
#   Meetings held: M1 DS 2025-02-10 (A), M2 DS 2025-05-12 (nobody), M3 YC 2025-05-20 (A, B), M6 DS 2024-03-11 (A),
#   M7 HT 2024-05-06 (A); M4 YC 2025-09-15 cancelled; M5 DS 2026-01-12 scheduled.
#   Action items: I1 (M1) opened 2025-02-10 closed 2025-04-01; I2 (M2, no history row: the meeting's date) open;
#   I3 YC opened 2024-11-01 closed 2025-01-10; I4 (M7) opened 2024-05-06 closed 2024-06-01.
#
# Events: EV1 Drug Awareness Week 2025-11-18 held 300/250 lead A; EV2 Police Week 2025-05-13 held 200/220 lead B;
# EV3 community 2025-05-28 planned 40/- lead A; EV4 forum 2025-09-10 cancelled; EV5 Police Week 2024-05-14 held
# 150/180 lead B; EV6 school event 2024-10-02 held, no figures, no lead.
#
# Placements: PL1 secondary 2025-02-01..2025-06-15 120 h (A); PL2 post-secondary 2025-09-02..2026-04-30 80.5 h (B);
# PL3 post-secondary 2024-09-03..2025-04-25 200 h (A); PL4 secondary 2024-02-01..2024-06-14 110 h (B).


@pytest.fixture
def activity(dataset):
    from committees.models import Meeting
    from drills.models import FollowUpAction
    from events.models import AwarenessWeek, Event
    from programs.models import ClassSeries, PatrolYear, Placement, PresentationRequest, Program, Session
    from tests.committees import factories as cf
    from tests.drills.factories import drill

    a, b = dataset["a"], dataset["b"]
    s1, s2, s3 = dataset["schools"]

    def at(year, month, day):
        return local(year, month, day, 10)

    d1 = drill(s1, a, when=at(2024, 10, 10))
    drill(s1, a, when=at(2025, 3, 12))
    d3 = drill(s2, b, when=at(2025, 2, 5))
    d4 = drill(s2, b, when=at(2025, 5, 20), kind_code="hold-and-secure")
    drill(s3, b, when=at(2025, 10, 1))
    drill(s1, a, when=at(2025, 3, 20), kind_code="shelter-in-place")
    drill(s3, b, when=at(2025, 4, 1), status="cancelled")
    drill(s2, b, when=at(2026, 4, 10), status="scheduled")
    drill(s3, a, when=at(2024, 4, 15))

    def followup(d, resolved_on=None):
        return FollowUpAction.objects.create(
            drill=d,
            description="Fix the door",
            owner="Custodian",
            due_on=dt.date(2025, 12, 1),
            resolved_on=resolved_on,
            resolution="Fixed" if resolved_on else "",
        )

    followup(d3, dt.date(2025, 3, 1))
    followup(d3)
    followup(d1, dt.date(2025, 1, 15))
    followup(d4, dt.date(2026, 1, 10))

    Program.objects.update(active=False)

    def program(code, name, pillar, area, minimum=1, kind=Program.Kind.SCHOOL_PROGRAM):
        return Program.objects.create(
            code=code,
            name_en=name,
            description=f"{name}: a test program.",
            sessions_min=minimum,
            sessions_max=minimum,
            pillar=pillar,
            cswb_area=area,
            kind=kind,
            available_from=dt.date(2010, 9, 1),
        )

    values = program("TVAL", "Grade 6 Values", "education", "prevention", minimum=3)
    elmer = program("TELM", "Elmer Safety", "families", "social_development")
    talks = program("TPRE", "Presentations on request", "inclusion", "prevention", kind=Program.Kind.PRESENTATION)

    def session(prog, when, audience, officers, *, school=None, series=None, number=None, **extra):
        place = {} if school else {"organisation": "Newcomer Centre", "venue": "Main hall"}
        obj = Session.objects.create(
            program=prog,
            school=school,
            starts_at=when,
            length_minutes=60,
            audience_count=audience,
            series=series,
            session_number=number,
            **place,
            **extra,
        )
        obj.officers.set(officers)
        return obj

    def series(school, year, officer, label):
        return ClassSeries.objects.create(
            program=values, school=school, school_year=year, class_label=label, grade="6", officer=officer
        )

    x, y, z = series(s1, 2024, a, "Room 1"), series(s2, 2025, b, "Room 2"), series(s3, 2023, a, "Room 3")
    for n, when in enumerate((at(2024, 11, 5), at(2025, 1, 14), at(2025, 2, 11)), start=1):
        session(values, when, 25, [a], school=s1, series=x, number=n)
    for n, when in enumerate((at(2025, 10, 7), at(2025, 11, 4)), start=1):
        session(values, when, 20, [b], school=s2, series=y, number=n)
    session(values, at(2025, 11, 18), 20, [b], school=s2, series=y, number=3, status="voided", void_reason="Typo")
    for n, when in enumerate((at(2024, 1, 10), at(2024, 2, 10), at(2024, 3, 10)), start=1):
        session(values, when, 30, [a], school=s3, series=z, number=n)
    session(elmer, at(2025, 5, 6), 40, [a, b], school=s1)
    session(elmer, at(2024, 6, 1), 35, [b], school=s2)
    pr1 = session(talks, at(2025, 4, 10), 50, [a])
    pr2 = session(talks, at(2025, 1, 20), 30, [b], school=s1)

    def request(received_on, status="new", **extra):
        requester = {"school": extra.pop("school")} if "school" in extra else {"organisation": "Newcomer Centre"}
        return PresentationRequest.objects.create(
            contact_name="Contact",
            contact_email="contact@example.org",
            program=talks,
            received_on=received_on,
            status=status,
            **requester,
            **extra,
        )

    request(dt.date(2025, 3, 20), "delivered", assigned_officer=a, scheduled_for=dt.date(2025, 4, 10), session=pr1)
    request(dt.date(2025, 6, 1), "declined", school=s2, decline_reason="No officer free")
    request(dt.date(2025, 11, 20), school=s3)
    request(
        dt.date(2024, 12, 15),
        "delivered",
        school=s1,
        assigned_officer=b,
        scheduled_for=dt.date(2025, 1, 20),
        session=pr2,
    )
    request(dt.date(2024, 5, 1), "declined", school=s2, decline_reason="Out of scope")

    PatrolYear.objects.create(
        school=s1,
        school_year=2024,
        patrollers=12,
        captains=2,
        training_on=dt.date(2024, 9, 20),
        exam_passes=11,
        patroller_of_year_nominations=1,
    )
    PatrolYear.objects.create(school=s2, school_year=2024, patrollers=8, captains=1, supervisor_of_year_nominations=1)
    PatrolYear.objects.create(school=s3, school_year=2024)
    PatrolYear.objects.create(
        school=s1, school_year=2023, patrollers=10, captains=2, training_on=dt.date(2023, 9, 22), exam_passes=9
    )
    PatrolYear.objects.create(school=s2, school_year=2025, patrollers=9)

    drug = cf.committee("Drug Strategy", pillar="inclusion", cswb_area="risk_intervention")
    youth = cf.committee("Youth Council", pillar="opportunity", cswb_area="social_development")
    housing = cf.committee("Housing Table", active_from=dt.date(2020, 1, 1), active_to=dt.date(2024, 6, 30))
    cf.representation(drug, a, dt.date(2024, 1, 1))
    cf.representation(youth, b, dt.date(2025, 2, 1))
    cf.representation(housing, a, dt.date(2023, 1, 1), dt.date(2024, 6, 30))

    def meeting(committee, when, attendees=(), status=Meeting.Status.HELD, **extra):
        obj = cf.meeting(committee, when, status=status, **extra)
        obj.attendees.set(attendees)
        return obj

    m1 = meeting(drug, at(2025, 2, 10), [a])
    m2 = meeting(drug, at(2025, 5, 12))
    meeting(youth, at(2025, 5, 20), [a, b])
    meeting(youth, at(2025, 9, 15), [a], status=Meeting.Status.CANCELLED, cancel_reason="Snow")
    meeting(drug, at(2026, 1, 12), [a], status=Meeting.Status.SCHEDULED)
    meeting(drug, at(2024, 3, 11), [a])
    m7 = meeting(housing, at(2024, 5, 6), [a])

    def item(committee, opened, closed_on=None, meeting=None):
        # Every item is typed in today (the history's date); its own opened date is what counts.
        return cf.action_item(committee, meeting=meeting, closed_on=closed_on, opened_on=opened.date())

    item(drug, at(2025, 2, 10), dt.date(2025, 4, 1), meeting=m1)
    item(drug, at(2025, 5, 12), meeting=m2)
    item(youth, at(2024, 11, 1), dt.date(2025, 1, 10))
    item(housing, at(2024, 5, 6), dt.date(2024, 6, 1), meeting=m7)

    def week(code, name):
        return AwarenessWeek.objects.get_or_create(code=code, defaults={"name_en": name, "rule": "police_week"})[0]

    police, drugs = week("police-week", "Police Week"), week("drug-awareness-week", "Drug Awareness Week")

    def event(title, when, kind, status="held", **extra):
        return Event.objects.create(
            title=title, starts_at=when, ends_at=when + dt.timedelta(hours=2), type=kind, status=status, **extra
        )

    T = Event.Type
    event("Hockey game", at(2025, 11, 18), T.AWARENESS_WEEK, awareness_week=drugs, lead=a, expected_attendance=300,
          actual_attendance=250)  # fmt: skip
    event("Open house", at(2025, 5, 13), T.AWARENESS_WEEK, awareness_week=police, lead=b, expected_attendance=200,
          actual_attendance=220)  # fmt: skip
    event("Coffee with a Cop", at(2025, 5, 28), T.COMMUNITY, status="planned", lead=a, expected_attendance=40)
    event("Forum", at(2025, 9, 10), T.FORUM, status="cancelled", cancel_reason="Rain", expected_attendance=100)
    event("Open house", at(2024, 5, 14), T.AWARENESS_WEEK, awareness_week=police, lead=b, expected_attendance=150,
          actual_attendance=180)  # fmt: skip
    event("Career day", at(2024, 10, 2), T.SCHOOL)

    def placement(level, starts_on, ends_on, hours, supervisor):
        return Placement.objects.create(
            student_name="Student",
            institution="Trent University",
            level=level,
            starts_on=starts_on,
            ends_on=ends_on,
            hours=hours,
            supervisor=supervisor,
            retain_until=ends_on + dt.timedelta(days=366),
        )

    placement("secondary", dt.date(2025, 2, 1), dt.date(2025, 6, 15), "120.0", a)
    placement("post_secondary", dt.date(2025, 9, 2), dt.date(2026, 4, 30), "80.5", b)
    placement("post_secondary", dt.date(2024, 9, 3), dt.date(2025, 4, 25), "200.0", a)
    placement("secondary", dt.date(2024, 2, 1), dt.date(2024, 6, 14), "110.0", b)
    return {**dataset, "programs": (values, elmer, talks)}
