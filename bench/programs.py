"""Generator of program sessions, class series, patrols, requests, placements and revisions."""

from __future__ import annotations

import bisect
import datetime as dt
import unicodedata
from decimal import Decimal

from .base import YEARS, Context, bulk, copy_insert, reserve_ids, scaled
from .drills import _school_day_set, _school_days, _term_date
from .people import FIRST_NAMES, LAST_NAMES, PRINCIPALS

PROGRAM_CODES = ("VIP", "KIDS", "ELMER", "CBC", "CAA-PATROL", "SCHOOL-PRES", "COMMUNITY-PRES")
TEACHERS = [
    "Ms. Singh", "Mr. Roy", "Mme Lavoie", "Mr. Okafor", "Ms. Chen", "Mme Bélanger", "Mr. Haddad", "Ms. Kowalski",
    "Mr. Tremblay", "Ms. Nguyen", "Mme Gagnon", "Mr. Campbell", "Ms. Mensah", "Mr. Fortin",
]  # fmt: skip
SCHOOL_TOPICS = [
    "Internet safety", "Vaping and cannabis", "Bullying and cyberbullying", "Personal safety", "Sextortion",
    "Healthy relationships", "Impaired driving", "Halloween safety", "Bike and road safety", "Fentanyl awareness",
]  # fmt: skip
COMMUNITY_ORGANISATIONS = [
    ("Somerset West Community Health Centre", "Main hall", "Newcomer outreach: meeting your police"),
    ("Carlington Seniors' Club", "Community room", "Fraud and scam prevention"),
    ("Vanier Youth Centre", "Gym", "Internet safety for teens"),
    ("Overbrook Parents' Network", "Library meeting room", "Drug awareness for parents"),
    ("New Canadians Centre", "Classroom B", "Know your rights and your police"),
    ("Lakefield Legion Branch 77", "Upstairs hall", "Home security for seniors"),
    ("Peterborough Public Library", "Auditorium", "Online scams and identity theft"),
    ("YWCA Peterborough Haliburton", "Boardroom", "Healthy relationships"),
    ("Millbrook Lions Club", "Lions hall", "Rural property crime prevention"),
    ("Kawartha Chamber of Commerce", "Meeting room 2", "Shoplifting and retail fraud"),
]
VOID_SESSION_REASONS = ["Entered twice", "Logged at the wrong school", "Wrong program chosen; logged again"]
INSTITUTIONS = [
    ("Fleming College", "post_secondary", "Police Foundations"),
    ("Trent University", "post_secondary", "Criminology"),
    ("Algonquin College", "post_secondary", "Community and Justice Services"),
    ("Carleton University", "post_secondary", "Criminology and Criminal Justice"),
    ("Crestwood Secondary School", "secondary", "Co-op (Grade 12)"),
    ("Holy Cross Secondary School", "secondary", "Co-op (Grade 11)"),
]
PLACEMENT_PROJECTS = [
    "Built the drug-awareness week schedule and partner contact list.",
    "Reviewed newcomer outreach material with community partners.",
    "Helped prepare Elmer the Safety Elephant visits.",
    "Summer safety patrol training support.",
    "Compiled the call-for-service figures for the annual report.",
]
REVISION_SUMMARIES = [
    "Internet safety lesson rewritten for social media and sextortion.",
    "Cannabis lesson updated to the current legal framework.",
    "New bike-safety rule sheet from the Canada Safety Council.",
    "Teacher guide reorganised; two optional lessons added.",
    "French materials brought in line with the English edition.",
    "Vaping section added to the substance-use lesson.",
]


def _generate_programs(ctx: Context) -> None:
    """200,000 program sessions over ten years, with class series, patrol years, requests and placements.

    The mix: 45% are Grade 6 class series (VIP, or KIDS at the schools that switched to it once it became
    available) at elementary schools, one to three classes a school year, one session a week numbered 1..n in
    the series' school year (a few series stop early; this year's stop at today); then single visits: Elmer
    (K-1), CBC (Grade 8), the fall CAA Safety Patrol training of the patrol years, 4% community presentations
    (an organisation and a venue instead of a school, in the evening) and school presentations for the rest.
    Sessions are all before today, by the school's officer of that year (a second officer on some
    presentations); 1% of single sessions are voided. Written with COPY (ids reserved first) in date order.
    Presentation requests: most delivered by one of those sessions, some declined, the recent ones new or
    scheduled. Placements older than their retention date are purged (names blanked).
    """
    from programs.models import (
        ClassSeries,
        PatrolYear,
        Placement,
        PresentationRequest,
        Program,
        ProgramRevision,
        Session,
        default_retain_until,
    )
    from schools.models import School, SchoolYear

    rng = ctx.rng
    today = ctx.today
    programs = {p.code: p for p in Program.objects.filter(code__in=PROGRAM_CODES)}
    missing = set(PROGRAM_CODES) - programs.keys()
    if missing:
        raise RuntimeError(f"Program catalogue incomplete (run the migrations): {sorted(missing)} missing.")
    vip, kids, elmer, cbc, patrol, school_pres, community_pres = (programs[c] for c in PROGRAM_CODES)
    total = scaled(200_000, ctx.scale)
    rows: list[dict] = []

    def session(program, school, day, hour, minute, officers, minutes=None, **values):
        rows.append(
            {
                "program_id": program.pk,
                "school_id": school.pk if school else None,
                "starts_at": ctx.at(day, hour, minute),
                "length_minutes": minutes or program.typical_minutes,
                "language": "fr" if school and school.board.language == "fr" else "en",
                "created_by_id": officers[0],
                "officers": officers,
                **values,
            }
        )

    # Revisions of the catalogue (the latest is a program's current one).
    revisions = []
    codes = sorted(programs)
    for index in range(scaled(21, ctx.scale)):
        year = ctx.first_year + rng.randrange(YEARS)
        revisions.append(
            ProgramRevision(
                program=programs[codes[index % len(codes)]],
                revised_on=min(today, dt.date(year, 8, rng.randint(10, 28))),
                summary=rng.choice(REVISION_SUMMARIES),
                created_by=ctx.coordinator,
            )
        )
    ctx.made["program revisions"] = len(bulk(ProgramRevision, revisions))

    cat = School.Category
    slots = ctx.school_years()
    grade6 = [s for s in slots if s[0].category in (cat.ELEMENTARY, cat.ELEMENTARY_SECONDARY)]
    grade8 = [s for s in slots if s[0].category in (cat.ELEMENTARY, cat.ELEMENTARY_SECONDARY, cat.INTERMEDIATE)]
    # Schools switching from VIP to KIDS: from a school year starting on or after KIDS' availability.
    kids_first = SchoolYear.containing(kids.available_from)
    kids_first += SchoolYear.bounds(kids_first)[0] < kids.available_from
    kids_from = {
        s.pk: rng.randint(max(ctx.first_year, kids_first), ctx.last_year + 3)
        for s in ctx.schools
        if rng.random() < 0.45
    }

    # Class series: three class slots per elementary school year, taken in random order until the budget.
    budget = round(total * 0.45)
    class_slots = [(slot, index) for slot in grade6 for index in range(3)]
    rng.shuffle(class_slots)
    chosen = []
    for (school, year, officer_id), index in class_slots:
        if budget <= 0:
            break
        program = kids if kids_from.get(school.pk, 9999) <= year else vip
        count = rng.randint(program.sessions_min, program.sessions_max)
        if program.sessions_min > 2 and rng.random() < 0.06:
            count = rng.randint(2, program.sessions_min - 1)  # the class stopped early
        days = _school_days(year, (9, 20), (6, 19))
        latest = bisect.bisect_right(days, _term_date(year, 6, 19) - dt.timedelta(weeks=count + 3))
        first = rng.choice(days[: max(1, latest)])
        dates = []
        day = first
        while len(dates) < count and day <= days[-1] and day < today:
            if day in _school_day_set(year):
                dates.append(day)
            day += dt.timedelta(weeks=1)
        dates = dates[:budget]
        if not dates:
            continue
        budget -= len(dates)
        label = f"Room {index * 4 + rng.randint(101, 104)} — {rng.choice(TEACHERS)}"
        series = ClassSeries(
            program=program,
            school=school,
            school_year=year,
            class_label=label,
            grade="6",
            officer_id=officer_id,
            created_by_id=officer_id,
        )
        chosen.append((series, dates))
    bulk(ClassSeries, [series for series, _ in chosen])
    for series, dates in chosen:
        hour, minute = rng.choice([(9, 0), (9, 30), (10, 45), (13, 0), (13, 30)])
        for number, day in enumerate(dates, start=1):
            session(
                series.program,
                series.school,
                day,
                hour,
                minute,
                [series.officer_id],
                grades="6",
                class_label=series.class_label,
                audience_count=rng.randint(16, 30),
                series_id=series.pk,
                session_number=number,
            )
    ctx.made["class series"] = len(chosen)

    def past_day(year: int, first=(9, 10), last=(6, 20)):
        """A school day of `year`, or None when it falls after today: the current school year gets its share of
        sessions for the part already gone, not a whole year's squeezed before today."""
        day = rng.choice(_school_days(year, first, last))
        return day if day < today else None

    # CAA School Safety Patrol: the fall training session of about half the elementary schools, each year.
    patrol_years = []
    for school, year, officer_id in grade6:
        if rng.random() > 0.55:
            continue
        day = past_day(year, (9, 12), (10, 31))
        if day is None:
            continue
        patrollers = rng.randint(8, 30)
        patrol_years.append(
            PatrolYear(
                school=school,
                school_year=year,
                patrollers=patrollers,
                captains=min(patrollers, rng.randint(2, 4)),
                training_on=day,
                exam_passes=patrollers - rng.randint(0, 3),
                patroller_of_year_nominations=rng.randint(0, 2),
                supervisor_of_year_nominations=rng.randint(0, 1),
                created_by_id=officer_id,
            )
        )
        session(patrol, school, day, 13, 0, [officer_id], grades="5-8", class_label="Patrollers",
                audience_count=patrollers)  # fmt: skip
    ctx.made["safety patrol years"] = len(bulk(PatrolYear, patrol_years))

    # Single visits, then community presentations, then school presentations up to the total.
    def singles(count, program, pool, grades, labels, audience, hours=((9, 15), (10, 30), (13, 0))):
        made = 0
        while made < count:
            school, year, officer_id = rng.choice(pool)
            day = past_day(year)
            if day is None or day < program.available_from:
                continue
            session(program, school, day, *rng.choice(hours), [officer_id], grades=rng.choice(grades),
                    class_label=rng.choice(labels), audience_count=rng.randint(*audience))  # fmt: skip
            made += 1

    singles(round(total * 0.10), elmer, grade6, ["K", "1", "K-1"], ["Kindergarten classes", "Grade 1 classes"],
            (20, 120))  # fmt: skip
    singles(round(total * 0.07), cbc, grade8, ["8"], ["Grade 8 classes", "Both Grade 8 classes"], (25, 90))
    first_day = SchoolYear.bounds(ctx.first_year)[0]
    for _ in range(round(total * 0.04)):
        day = first_day + dt.timedelta(days=rng.randrange((today - first_day).days))
        year = SchoolYear.containing(day)
        organisation, venue, topic = rng.choice(COMMUNITY_ORGANISATIONS)
        officers = [o.pk for o in rng.sample(ctx.in_service(year), rng.choice([1, 1, 1, 2]))]
        session(community_pres, None, day, rng.choice([18, 19]), rng.choice([0, 30]), officers,
                organisation=organisation, venue=venue, audience_count=rng.randint(8, 150), notes=topic)  # fmt: skip
    while len(rows) < total:
        school, year, officer_id = rng.choice(slots)
        day = past_day(year)
        if day is None:
            continue
        secondary = school.category in (cat.SECONDARY, cat.ELEMENTARY_SECONDARY, cat.ADULT, cat.ALTERNATE)
        officers = [officer_id]
        if rng.random() < 0.15:
            officers.append(rng.choice([o.pk for o in ctx.in_service(year) if o.pk != officer_id]))
        session(
            school_pres,
            school,
            day,
            *rng.choice([(8, 45), (10, 0), (11, 15), (13, 15), (14, 0)]),
            officers,
            minutes=rng.choice([45, 60, 60, 75]),
            grades=rng.choice(["9", "10", "9-10", "11-12"] if secondary else ["3-4", "5-6", "7-8", "K-3"]),
            class_label=rng.choice(["Assembly", "Gym", "Library", "Two classes", "Room 112"]),
            audience_count=rng.randint(40, 600) if secondary else rng.randint(20, 250),
            notes=rng.choice(SCHOOL_TOPICS),
        )

    # Voided singles, then ids in date order, then COPY.
    rows.sort(key=lambda r: r["starts_at"])
    for row in rows:
        if row.get("series_id") is None and rng.random() < 0.01:
            row.update(status="voided", void_reason=rng.choice(VOID_SESSION_REASONS), version=2)
    for session_id, row in zip(reserve_ids(Session, len(rows)), rows, strict=True):
        row["id"] = session_id
    ctx.made["program sessions"] = copy_insert(Session, rows, with_pk=True)
    copy_insert(Session.officers.through, ({"session_id": r["id"], "user_id": o} for r in rows for o in r["officers"]))

    # Presentation requests.
    requests = []
    delivered_pool = [
        r for r in rows if r["program_id"] in (school_pres.pk, community_pres.pk) and r.get("status") != "voided"
    ]
    by_id = {s.pk: s for s in ctx.schools}
    count = scaled(2_500, ctx.scale)
    recent = max(1, round(count * 0.04))
    for index, row in enumerate(rng.sample(delivered_pool, min(len(delivered_pool), count - 2 * recent))):
        day = row["starts_at"].date()
        received = day - dt.timedelta(days=rng.randint(7, 60))
        request = _presentation_request(ctx, programs, by_id.get(row["school_id"]), row, received)
        if index % 6 == 5:  # declined: the date was not possible, the topic not ours...
            request.status = PresentationRequest.Status.DECLINED
            request.decline_reason = rng.choice(
                ["No officer free on the dates asked", "Outside our area: referred to the OPP", "Topic not offered"]
            )
        else:
            request.status = PresentationRequest.Status.DELIVERED
            request.assigned_officer_id = row["officers"][0]
            request.scheduled_for = day
            request.session_id = row["id"]
            request.version = 3
        requests.append(request)
    this_year = [s for s in slots if s[1] == ctx.last_year] or slots
    for index in range(2 * recent):  # open: new ones, and scheduled ones to come
        school, year, officer_id = rng.choice(this_year)
        received = today - dt.timedelta(days=rng.randint(0, 40))
        request = _presentation_request(ctx, programs, school, None, received)
        if index % 2:
            request.status = PresentationRequest.Status.SCHEDULED
            request.assigned_officer_id = officer_id
            request.scheduled_for = today + dt.timedelta(days=rng.randint(3, 60))
            request.version = 2
        requests.append(request)
    requests.sort(key=lambda r: r.received_on)
    ctx.made["presentation requests"] = len(bulk(PresentationRequest, requests))

    # Student placements, about six a year; purged a year after they end.
    placements = []
    supervisors = [ctx.coordinator.pk, ctx.supervisor.pk] + [o.pk for o in ctx.officers]
    for _ in range(scaled(60, ctx.scale)):
        starts_on = first_day + dt.timedelta(days=rng.randrange((today - first_day).days))
        ends_on = starts_on + dt.timedelta(weeks=rng.randint(6, 16))
        institution, level, study = rng.choice(INSTITUTIONS)
        retain_until = default_retain_until(ends_on)
        purged = retain_until < today
        placements.append(
            Placement(
                student_name="" if purged else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                institution=institution,
                level=level,
                program_of_study=study,
                starts_on=starts_on,
                ends_on=ends_on,
                hours=Decimal(rng.randint(60, 240)),
                supervisor_id=rng.choice(supervisors),
                project_summary="" if purged else rng.choice(PLACEMENT_PROJECTS),
                consent_confirmed=True,
                retain_until=retain_until,
                purged_at=ctx.at(retain_until + dt.timedelta(days=1), 3) if purged else None,
                version=2 if purged else 1,
                created_by=ctx.coordinator,
            )
        )
    placements.sort(key=lambda p: p.starts_on)
    ctx.made["placements"] = len(bulk(Placement, placements))


def _presentation_request(ctx: Context, programs: dict, school, row: dict | None, received: dt.date):
    """A request from `school`, or from the organisation of the community session `row` (school None)."""
    from programs.models import PresentationRequest

    rng = ctx.rng
    row = row or {}
    if school is None:
        organisation, topic, program = row["organisation"], row["notes"], programs["COMMUNITY-PRES"]
        contact, audience = rng.choice(PRINCIPALS), "Adults"
    else:
        organisation, topic, program = "", row.get("notes") or rng.choice(SCHOOL_TOPICS), programs["SCHOOL-PRES"]
        contact = school.contact_name or rng.choice(PRINCIPALS)
        audience = f"Grades {row.get('grades') or rng.choice(['5-6', '7-8', '9-10'])}"
    email = rng.random() < 0.85
    return PresentationRequest(
        school=school,
        organisation=organisation,
        contact_name=contact,
        contact_email=f"{_ascii(contact).replace(' ', '.')}@example.org" if email else "",
        contact_phone="" if email and rng.random() < 0.5 else f"705-555-{rng.randint(0, 9999):04d}",
        program=program,
        topic=topic,
        preferred_dates=rng.choice(["Any morning", "Weekday evenings", "Before the winter break", "In May"]),
        audience_description=audience,
        audience_size=row.get("audience_count") or rng.randint(20, 200),
        language="fr" if school and school.board.language == "fr" else "en",
        received_on=received,
        created_by=ctx.coordinator,
    )


def _ascii(text: str) -> str:
    """'Côté O'Neil' -> "cote o'neil": for made-up email addresses (EmailValidator wants ASCII)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


# --- committees -----------------------------------------------------------------------------------------
