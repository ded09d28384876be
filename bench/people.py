"""Generators of users, boards, schools, assignments and calls for service."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password

from .base import Context, bulk, scaled

FIRST_NAMES = [
    "Marc", "Aisha", "Jordan", "Sophie", "Daniel", "Meera", "Kevin", "Chantal", "Owen", "Lucie", "Ravi", "Hannah",
    "Tyler", "Nadia", "Patrick", "Emily", "Samuel", "Julie", "Ahmed", "Claire", "Brandon", "Isabelle", "Kofi", "Maya",
]  # fmt: skip
LAST_NAMES = [
    "Tremblay", "Mensah", "Lee", "Gagnon", "MacDonald", "Singh", "Roy", "Côté", "Wilson", "Bouchard", "Patel",
    "Morrison", "Leblanc", "Campbell", "Nguyen", "Fortin", "Kaur", "Stewart", "Bélanger", "Hughes", "Ouellet",
]  # fmt: skip


def _generate_users(ctx: Context) -> None:
    """Officers (bench_officer01...), one coordinator, one supervisor and an IT superuser for the admin.

    Users are created once and kept by `--reset` (get_or_create by username): sessions and role groups stay.
    """
    from accounts.models import Role, User
    from accounts.services import user_set_role

    password = make_password(settings.DEMO_PASSWORD)  # hashed once: hashing per user costs seconds

    def user(username: str, role: str, display: str, badge: str = "", **extra) -> User:
        obj, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": display,
                "badge_number": badge,
                "email": f"{username}@csu.example",
                "first_name": display.split()[-2],
                "last_name": display.split()[-1],
                "password": password,
                **extra,
            },
        )
        if role and (obj.role != role or not obj.groups.filter(name=role).exists()):
            user_set_role(user=obj, role=role)
        ctx.made["users"] = ctx.made.get("users", 0) + created
        return obj

    count = scaled(12, ctx.scale, minimum=4)
    ctx.officers = []
    for index in range(count):
        name = f"Cst. {FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7) % len(LAST_NAMES)]}"
        ctx.officers.append(user(f"bench_officer{index + 1:02d}", Role.OFFICER, name, str(2200 + index * 13)))
    ctx.coordinator = user("bench_coordinator", Role.COORDINATOR, "Priya Raman")
    ctx.supervisor = user("bench_supervisor", Role.SUPERVISOR, "S/Sgt. Dana Whitfield", "1021")
    user("bench_admin", "", "IT Admin Account", is_staff=True, is_superuser=True)

    # Service windows: a third leave the unit during the ten years, a third join later, the rest stay.
    third = max(1, count // 3)
    for index, officer in enumerate(ctx.officers):
        if index < third:
            window = (ctx.first_year, ctx.first_year + ctx.rng.randint(3, 7))
        elif index >= count - third:
            window = (ctx.first_year + ctx.rng.randint(2, 8), ctx.last_year)
        else:
            window = (ctx.first_year, ctx.last_year)
        ctx.officer_service[officer.pk] = window
    ctx.made["officers"] = count


# --- schools --------------------------------------------------------------------------------------------

BOARDS = [
    ("KPRDSB", "Kawartha Pine Ridge District School Board", "Conseil scolaire de district Kawartha Pine Ridge", "en",
     "public"),
    ("PVNCCDSB", "Peterborough Victoria Northumberland and Clarington Catholic District School Board",
     "Conseil scolaire catholique de Peterborough Victoria Northumberland et Clarington", "en", "catholic"),
    ("CSViamonde", "Conseil scolaire Viamonde", "Conseil scolaire Viamonde", "fr", "public"),
    ("CSCMonAvenir", "Conseil scolaire catholique MonAvenir", "Conseil scolaire catholique MonAvenir", "fr",
     "catholic"),
    ("OCDSB", "Ottawa-Carleton District School Board", "Conseil scolaire du district d'Ottawa-Carleton", "en",
     "public"),
    ("PRIVATE", "Independent schools", "Écoles indépendantes", "en", "private"),
]  # fmt: skip
NAMESAKES = [
    "Armour Heights", "Prince of Wales", "Queen Mary", "King George", "Kawartha Heights", "Edmison Heights",
    "Westmount", "Roger Neilson", "James Strath", "Keith Wightman", "Otonabee Valley", "Norwood", "Millbrook",
    "Lakefield", "Havelock-Belmont", "Apsley", "Buckhorn", "Crestwood", "Adam Scott", "Thomas A. Stewart",
    "St. Anne", "St. Paul", "St. Teresa", "St. Catherine", "Monsignor O'Donoghue", "St. Peter", "Holy Cross",
    "St. Joseph", "Immaculate Conception", "St. Alphonsus", "Sacred Heart", "St. John", "Champlain", "Samuel-de",
    "Jeanne-Lajoie", "Saint-Laurent", "Marie-Curie", "Gabrielle-Roy", "Rivière-Rideau", "Trille-des-Bois",
]  # fmt: skip
STREETS = [
    "George St", "Water St", "Monaghan Rd", "Parkhill Rd", "Chemong Rd", "Lansdowne St", "Charlotte St",
    "Sherbrooke St", "Hilliard St", "Armour Rd", "Clonsilla Ave", "Towerhill Rd", "Rye St", "Queen St",
]  # fmt: skip
CITIES = ["Peterborough", "Lakefield", "Norwood", "Millbrook", "Havelock", "Bridgenorth", "Keene", "Ottawa"]
PRINCIPALS = [f"{f} {l}" for f in FIRST_NAMES[:12] for l in LAST_NAMES[:10]]  # noqa: E741


def _school_name(rng: random.Random, board_lang: str, board_kind: str, category: str, index: int) -> tuple:
    base = NAMESAKES[index % len(NAMESAKES)]
    suffix_number = index // len(NAMESAKES) + 1
    tag = f" {suffix_number}" if suffix_number > 1 else ""
    if board_lang == "fr":
        kind = "École secondaire" if category == "secondary" else "École élémentaire"
        catholic = " catholique" if board_kind == "catholic" else ""
        name = f"{kind}{catholic} {base}{tag}"
        return name, name
    if category == "secondary":
        en = f"{base}{tag} {'Catholic ' if board_kind == 'catholic' else ''}Secondary School"
        return en, f"École secondaire {base}{tag}"
    en = f"{base}{tag} {'Catholic Elementary' if board_kind == 'catholic' else 'Public'} School"
    return en, f"École {base}{tag}"


def _generate_schools(ctx: Context) -> None:
    """Six boards, 800 schools (3% closed during the ten years), and who covered each school each year."""
    from schools.models import Assignment, Board, School, SchoolYear

    rng = ctx.rng
    board_count = min(len(BOARDS), scaled(len(BOARDS), ctx.scale, minimum=2))
    ctx.boards = bulk(
        Board,
        (
            Board(code=code, name_en=en, name_fr=fr, language=lang, kind=kind)
            for code, en, fr, lang, kind in BOARDS[:board_count]
        ),
    )
    # Big public boards hold most schools.
    board_weights = [30, 22, 8, 6, 26, 8][:board_count]
    categories = [
        (School.Category.ELEMENTARY, 70),
        (School.Category.SECONDARY, 18),
        (School.Category.ELEMENTARY_SECONDARY, 4),
        (School.Category.INTERMEDIATE, 3),
        (School.Category.SPECIAL_EDUCATION, 2),
        (School.Category.ALTERNATE, 2),
        (School.Category.ADULT, 1),
    ]
    count = scaled(800, ctx.scale)
    schools = []
    opened_years = []
    for index in range(count):
        board = rng.choices(ctx.boards, weights=board_weights)[0]
        category = rng.choices([c for c, _ in categories], weights=[w for _, w in categories])[0]
        name_en, name_fr = _school_name(rng, board.language, board.kind, category, index)
        opened = ctx.first_year if rng.random() < 0.9 else rng.randint(ctx.first_year + 1, ctx.last_year)
        closed_on = None
        if rng.random() < 0.03 and opened + 1 <= ctx.last_year - 1:
            closed_on = SchoolYear.bounds(rng.randint(opened + 1, ctx.last_year - 1))[0] - dt.timedelta(days=1)
        opened_years.append(opened)
        schools.append(
            School(
                external_id=f"BENCH-{index + 1:05d}",
                name_en=name_en,
                name_fr=name_fr,
                board=board,
                category=category,
                street_number=str(rng.randint(1, 2400)),
                street=rng.choice(STREETS),
                city=rng.choice(CITIES),
                postal_code=f"K9{rng.choice('HJKL')} {rng.randint(1, 9)}{rng.choice('ABCEGH')}{rng.randint(1, 9)}",
                phone=f"705-{rng.randint(700, 799)}-{rng.randint(0, 9999):04d}",
                contact_name=rng.choice(PRINCIPALS),
                contact_email=f"principal{index + 1}@schools.example",
                latitude=round(44.30 + rng.random() * 0.25, 6),
                longitude=round(-78.45 + rng.random() * 0.35, 6),
                active=closed_on is None,
                closed_on=closed_on,
            )
        )
    ctx.schools = bulk(School, schools)
    ctx.made["boards"] = len(ctx.boards)
    ctx.made["schools"] = len(ctx.schools)

    # Assignment history: terms of one to four school years, a new officer when the term or the officer's
    # service in the unit ends; the current term is open-ended.
    assignments = []
    for school, year in zip(ctx.schools, opened_years, strict=True):
        periods = []
        last_day = school.closed_on
        while year <= ctx.last_year:
            candidates = [
                o for o in ctx.officers if ctx.officer_service[o.pk][0] <= year <= ctx.officer_service[o.pk][1]
            ]
            officer = rng.choice(candidates)
            end_year = min(year + rng.randint(1, 4) - 1, ctx.officer_service[officer.pk][1], ctx.last_year)
            start = SchoolYear.bounds(year)[0]
            end = SchoolYear.bounds(end_year)[1]
            if last_day and last_day <= end:
                periods.append((start, last_day, officer.pk))
                break
            periods.append((start, None if end_year == ctx.last_year else end, officer.pk))
            year = end_year + 1
        ctx.assignment_periods[school.pk] = periods
        for start, end, officer_id in periods:
            assignments.append(
                Assignment(
                    school=school,
                    officer_id=officer_id,
                    start=start,
                    end=end,
                    note="" if end is None else rng.choice(["", "", "Rotation", "Transfer", "Workload balance"]),
                    created_by=ctx.supervisor,
                )
            )
    ctx.made["assignments"] = len(bulk(Assignment, assignments))


CALL_CATEGORIES = [
    ("threat", 8, ["Threat made in a note, assessed with the principal", "Online threat reported by staff"]),
    ("assault", 9, ["Fight in the yard at lunch", "Assault reported after school"]),
    ("drugs", 12, ["Vape and cannabis found in a locker", "Suspected drug sale near the school"]),
    ("theft", 14, ["Laptop cart stolen from a classroom", "Bicycle theft from the rack"]),
    ("trespass", 15, ["Former student on the property, asked to leave", "Adult in the building without signing in"]),
    ("traffic", 16, ["Unsafe drop-off in the bus lane", "Speeding in the school zone"]),
    ("wellness", 14, ["Wellness check requested by the school", "Student missing from class, located safe"]),
    ("threat_assessment", 6, ["Fresh Start threat assessment meeting", "Threat assessment follow-up"]),
    ("other", 6, ["Suspicious package, found harmless", "Fire alarm pulled, no fire"]),
]
VOID_REASONS = ["Entered twice", "Recorded at the wrong school", "Not a school call: transferred to patrol"]


def _generate_calls(ctx: Context) -> None:
    """30,000 calls for service over ten years, during school days and hours, answered by the school's officer.

    Busy (secondary) schools get more calls; one call in ten is answered by another officer (cover); 2% are
    voided with a reason. Occurrence numbers run per calendar year in date order (2024-000001...).
    """
    from schools.models import CallForService, School, SchoolYear

    rng = ctx.rng
    count = scaled(30_000, ctx.scale)
    cum_weights = list(
        itertools.accumulate(
            (5 if s.category in (School.Category.SECONDARY, School.Category.ELEMENTARY_SECONDARY) else 1)
            * (0.5 + rng.random())
            for s in ctx.schools
        )
    )
    categories = [c for c, _, _ in CALL_CATEGORIES]
    category_weights = [w for _, w, _ in CALL_CATEGORIES]
    summaries = {c: s for c, _, s in CALL_CATEGORIES}
    by_id = {o.pk: o for o in ctx.officers}
    drafts = []
    while len(drafts) < count:
        school = rng.choices(ctx.schools, cum_weights=cum_weights)[0]
        periods = ctx.assignment_periods[school.pk]
        start = periods[0][0]
        end = school.closed_on or ctx.today
        if end <= start:
            continue
        day = start + dt.timedelta(days=rng.randrange((end - start).days))
        if day.weekday() >= 5 and rng.random() < 0.8:
            continue  # mostly school days
        if day.month in (7, 8) and rng.random() < 0.85:
            continue  # summer is quiet
        officer_id = ctx.officer_on(school.pk, day)
        if officer_id is None:
            continue
        if rng.random() < 0.1:
            year = SchoolYear.containing(day)
            cover = [o for o in ctx.officers if ctx.officer_service[o.pk][0] <= year <= ctx.officer_service[o.pk][1]]
            officer_id = rng.choice(cover).pk
        occurred = ctx.at(day, rng.choice([7, 8, 9, 10, 11, 12, 12, 13, 14, 15, 15, 16, 18, 21]), rng.randrange(60))
        drafts.append((occurred, school, officer_id))
    drafts.sort(key=lambda d: (d[0], d[1].pk))
    sequence: dict[int, int] = {}
    calls = []
    for occurred, school, officer_id in drafts:
        sequence[occurred.year] = sequence.get(occurred.year, 0) + 1
        category = rng.choices(categories, weights=category_weights)[0]
        voided = rng.random() < 0.02
        calls.append(
            CallForService(
                school=school,
                occurred_at=occurred,
                category=category,
                responding_officer=by_id[officer_id],
                occurrence_number=f"{occurred.year}-{sequence[occurred.year]:06d}",
                summary=rng.choice(summaries[category]),
                status=CallForService.Status.VOIDED if voided else CallForService.Status.ACTIVE,
                void_reason=rng.choice(VOID_REASONS) if voided else "",
                version=2 if voided else 1,
                created_by_id=officer_id,
            )
        )
    ctx.calls = bulk(CallForService, calls)
    ctx.made["calls"] = len(ctx.calls)


# --- school days (shared by drills and programs) ---------------------------------------------------------
