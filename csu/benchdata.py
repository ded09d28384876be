"""The benchmark dataset (issue 9): a large service over ten school years, written fast and reproducibly.

`manage.py generate_bench_data --scale N` runs the generators of `GENERATORS` in order. Each generator is one
function per app that reads what earlier ones made from the shared `Context`, writes its rows with `bulk`
(bulk_create in batches) or, for the largest tables, `copy_insert` (PostgreSQL COPY), and records how many it
made in `ctx.made`. Same seed, scale and `today` → the same
data (ids aside). Scale 2 doubles every count; fractional scales (0.02) make a tiny dataset for the tests.

Counts at scale 1 (issue 9), with the app that generates them:

| what                                             | scale 1         | generator      |
|--------------------------------------------------|-----------------|----------------|
| boards                                           | 6               | schools        |
| schools                                          | 800             | schools        |
| officers (+ coordinator, supervisor)             | 12              | accounts       |
| assignments (ten years of history)               | ~3,500          | schools        |
| calls for service                                | 30,000          | calls          |
| drill year rules (one per school year, unscaled) | 10              | drills         |
| lockdown drills + drills of other kinds          | 16,000 + 4,000  | drills         |
| follow-up actions (drills with problems found)   | ~2,100          | drills         |
| program sessions (+ ~212,000 session officers)   | 200,000         | programs       |
| class series (VIP, KIDS)                         | ~13,900         | programs       |
| safety patrol years                              | ~3,100          | programs       |
| presentation requests, placements, revisions     | 2,500, 60, 21   | programs       |
| partners, committees, meetings                   | 40, 13, 1,500   | committees     |
| representation periods, action items             | ~50, ~750       | committees     |
| events (30% in awareness weeks)                  | 3,000           | events         |
| awareness-week date overrides (unscaled)         | ~6              | events         |
| history rows (simple-history tables)             | 20,000          | history (last) |

Configuration rows that come with the migrations (drill kinds, the program catalogue, awareness weeks) are
read, never created. Every row respects the models' constraints and the services' rules (dates inside school
years and the periods of their school's officer, conducted drills ending after they start, a class series'
sessions numbered in its school year, meetings inside their committee's active period, awareness-week events
inside the week's dates); tests/bench checks a sample with `full_clean()` and the services' validators.

Adding a generator: write `_generate_<app>(ctx)` here (or import it from the app), add a `Generator` entry
BEFORE the history generator, and bump `GENERATOR_VERSION` so that `make bench` regenerates its database.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import io
import itertools
import random
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection

GENERATOR_VERSION = 2
DEFAULT_SEED = 2026
YEARS = 10
BATCH = 2000


def scaled(base: int, scale: float, minimum: int = 1) -> int:
    """`base` at `scale`, never below `minimum` (a tiny dataset still has boards and officers)."""
    return max(minimum, round(base * scale))


@dataclass
class Context:
    rng: random.Random
    scale: float
    today: dt.date
    stdout: object = None
    officers: list = field(default_factory=list)
    coordinator: object = None
    supervisor: object = None
    boards: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    # school id -> [(start, end or None, officer id)] in date order
    assignment_periods: dict[int, list[tuple[dt.date, dt.date | None, int]]] = field(default_factory=dict)
    # officer id -> (first school year, last school year) of service in the unit
    officer_service: dict[int, tuple[int, int]] = field(default_factory=dict)
    calls: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    made: dict[str, int] = field(default_factory=dict)
    _school_years: list | None = None

    @property
    def last_year(self) -> int:
        from schools.models import SchoolYear

        return SchoolYear.containing(self.today)

    @property
    def first_year(self) -> int:
        return self.last_year - YEARS + 1

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    def at(self, day: dt.date, hour: int = 8, minute: int = 0) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    def officer_on(self, school_id: int, day: dt.date) -> int | None:
        for start, end, officer_id in self.assignment_periods.get(school_id, ()):
            if start <= day and (end is None or day <= end):
                return officer_id
        return None

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)

    def in_service(self, year: int) -> list:
        """The officers in the unit during school year `year`, in a stable order."""
        return [o for o in self.officers if self.officer_service[o.pk][0] <= year <= self.officer_service[o.pk][1]]

    def school_years(self) -> list[tuple]:
        """(school, school year, officer id) for every school year a school was open and covered.

        Assignment periods start and end with school years (or the school's closing), so the officer on the
        first day of a year is the school's officer for the whole year.
        """
        if self._school_years is None:
            from schools.models import SchoolYear

            self._school_years = []
            for school in self.schools:
                for year in self.years:
                    officer_id = self.officer_on(school.pk, SchoolYear.bounds(year)[0])
                    if officer_id is not None:
                        self._school_years.append((school, year, officer_id))
        return self._school_years


@dataclass(frozen=True)
class Generator:
    name: str
    func: Callable[[Context], None]
    # Models whose tables (and history tables) `--reset` empties before generating.
    models: tuple[str, ...] = ()
    # Base counts at scale 1, for the documentation and the tests.
    counts: dict[str, int] = field(default_factory=dict)


def bulk(model, objs: Iterable, batch_size: int = BATCH) -> list:
    created = []
    chunk = []
    for obj in objs:
        chunk.append(obj)
        if len(chunk) >= batch_size:
            created.extend(model.objects.bulk_create(chunk, batch_size=batch_size))
            chunk = []
    if chunk:
        created.extend(model.objects.bulk_create(chunk, batch_size=batch_size))
    return created


def copy_insert(model, rows: Iterable[dict], chunk: int = 50_000, *, with_pk: bool = False) -> int:
    """Write `rows` (dicts of field attname → value) with PostgreSQL COPY, for the largest tables (200,000
    program sessions): 1.6× faster than bulk_create(batch_size=2000) on 20,000 calls on a busy machine.
    Ids are not returned: pass `with_pk=True` and ids taken with `reserve_ids` when a later generator needs them.
    Fields left out get their default; auto_now(_add) fields get now; keys that are not fields are ignored.
    """
    from django.utils import timezone

    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    now = timezone.now()
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # (field, attname, plain values may skip get_db_prep_save, text of the value when the row leaves it out)
    plan = []
    for f in fields:
        default = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        plain = f.get_internal_type() in _PLAIN_TYPES
        plan.append((f, f.attname, plain, _copy_value(f, default, plain)))
    total = 0
    lines: list[str] = []

    def flush() -> None:
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("".join(lines)))
        lines.clear()

    for row in rows:
        values = [_copy_value(f, row[name], plain) if name in row else text for f, name, plain, text in plan]
        lines.append("\t".join(values) + "\n")
        total += 1
        if len(lines) >= chunk:
            flush()
    if lines:
        flush()
    return total


# Fields whose str, int, date and aware datetime values COPY reads as they are (get_db_prep_save is slow).
_PLAIN_TYPES = frozenset(
    {
        "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "IntegerField", "SmallIntegerField",
        "PositiveBigIntegerField", "PositiveIntegerField", "PositiveSmallIntegerField", "ForeignKey",
        "OneToOneField", "CharField", "TextField", "SlugField", "EmailField", "URLField", "DateField",
        "DateTimeField", "BooleanField", "DecimalField",
    }
)  # fmt: skip
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(field, value, plain: bool) -> str:
    """`value` of `field` as COPY text: plain values directly, others through the field's get_db_prep_save."""
    if value is None:
        return "\\N"
    if plain:
        kind = type(value)
        if kind is str:
            return value.translate(_COPY_ESCAPES)
        if kind is int:
            return str(value)
        if kind is bool:
            return "t" if value else "f"
        if kind is dt.date or (kind is dt.datetime and value.tzinfo is not None):
            return value.isoformat()
    return _copy_text(field.get_db_prep_save(value, connection))


def reserve_ids(model, count: int) -> range:
    """`count` consecutive primary keys of `model` taken from its sequence, for `copy_insert(with_pk=True)`."""
    if count <= 0:
        return range(0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s)", [sequence])
        (first,) = cursor.fetchone()
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return range(first, first + count)


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# --- accounts -------------------------------------------------------------------------------------------

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


def _term_date(year: int, month: int, day: int) -> dt.date:
    """The (month, day) that falls in school year `year` (September..December in `year`, the rest after)."""
    return dt.date(year if month >= 8 else year + 1, month, day)


@functools.cache
def _school_days(year: int, first: tuple[int, int] = (9, 3), last: tuple[int, int] = (6, 26)) -> tuple:
    """Weekdays with classes in school year `year` from `first` to `last` (month, day): no winter break
    (December 21 to January 4) and no March break (the week of the second Monday of March)."""
    from schools.models import SchoolYear

    start, end = SchoolYear.bounds(year)
    day = max(start, _term_date(year, *first))
    end = min(end, _term_date(year, *last))
    march = dt.date(year + 1, 3, 1)
    march_break = march + dt.timedelta(days=(7 - march.weekday()) % 7 + 7)
    days = []
    while day <= end:
        winter = (day.month == 12 and day.day >= 21) or (day.month == 1 and day.day <= 4)
        if day.weekday() < 5 and not winter and not (march_break <= day < march_break + dt.timedelta(days=5)):
            days.append(day)
        day += dt.timedelta(days=1)
    return tuple(days)


@functools.cache
def _school_day_set(year: int) -> frozenset:
    return frozenset(_school_days(year))


def _days_before(days: tuple, today: dt.date) -> tuple:
    return days[: bisect.bisect_left(days, today)]


# --- drills ---------------------------------------------------------------------------------------------

FALL_DRILLS = ((9, 15), (12, 18))  # before the fall deadline (December 20)
SPRING_DRILLS = ((2, 1), (6, 19))  # before the spring deadline (June 30)
OTHER_DRILL_WEIGHTS = {"hold-and-secure": 40, "shelter-in-place": 25, "clear-the-halls": 20, "bomb-threat": 15}
DRILL_TIMES = [(9, 0), (9, 30), (10, 0), (10, 15), (10, 30), (11, 0), (13, 0), (13, 30), (14, 0), (14, 15)]
DRILL_PROBLEMS = [
    "Portable 3 door would not lock from the inside.",
    "PA announcement not heard in the gym.",
    "Two classrooms left the window coverings open.",
    "Library door propped open; staff unsure who locks it.",
    "Students in the washrooms during the drill were not accounted for.",
    "Supply teacher had no lockdown procedure in the day plan.",
    "Classroom light visible from the hallway window.",
    "Exterior door by the gym did not latch.",
]
DRILL_DEBRIEFS = [
    "Debrief held with the principal and office staff.",
    "Debrief with the principal; results shared at the staff meeting.",
    "Short debrief with the vice-principal and the head custodian.",
    "Debrief with the safe schools team.",
]
DRILL_CANCEL_REASONS = [
    "School closed: snow day",
    "Officer called to an emergency",
    "Principal asked to move it: exams",
    "Power outage at the school",
    "Bus cancellations, half the students absent",
]
FOLLOWUPS = [
    ("Have the door hardware repaired and re-test the lock.", "Head custodian"),
    ("Test the PA speakers in the gym and the portables.", "Principal"),
    ("Review the lockdown procedure with all staff, supply teachers included.", "Vice-principal"),
    ("Install window coverings in the rooms that lacked them.", "Board facilities"),
    ("Add the lockdown procedure to the supply teacher folder.", "Office administrator"),
]
FOLLOWUP_RESOLUTIONS = [
    "Repaired and re-tested with the officer.",
    "Done; checked at the next drill.",
    "Completed by the board's facilities staff.",
    "Reviewed at the staff meeting.",
]


def _generate_drills(ctx: Context) -> None:
    """Ten years of drills: about two lockdowns per school and school year, plus other kinds.

    Each open school year of each school gets a fall lockdown (by the fall deadline) and a spring one; drills
    after `today` are scheduled only when the officer has booked them (most in the next month, fewer later:
    the compliance board shows every status). The lockdown count is then made exact: missed drills (dropped)
    or an extra spring lockdown after problems. The lead officer is the school's officer that year, or (6%)
    another officer covering. Past drills are mostly completed, some cancelled, a few never logged; drills
    with problems get follow-up actions, resolved unless recent. One DrillYearRule per school year (the
    defaults) lets the drills services accept every date of the ten years.
    """
    from drills.models import Drill, DrillKind, DrillYearRule, FollowUpAction
    from schools.models import School, SchoolYear

    rng = ctx.rng
    today = ctx.today
    kinds = list(DrillKind.objects.filter(active=True).order_by("code"))
    lockdown = next((k for k in kinds if k.code == "lockdown"), None)
    if lockdown is None:
        raise RuntimeError("No active 'lockdown' drill kind: run the migrations first.")
    others = [k for k in kinds if not k.required_per_year]
    other_weights = [OTHER_DRILL_WEIGHTS.get(k.code, 10) for k in others]
    ctx.made["drill year rules"] = len(bulk(DrillYearRule, (DrillYearRule.for_year(y) for y in ctx.years)))

    slots = ctx.school_years()
    plan = []  # (day, school, school's officer id, kind)
    for school, year, officer_id in slots:
        for window in (FALL_DRILLS, SPRING_DRILLS):
            day = rng.choice(_school_days(year, *window))
            if day >= today and rng.random() > (0.9 if (day - today).days <= 30 else 0.55):
                continue  # not booked yet
            plan.append((day, school, officer_id, lockdown))
    target = scaled(16_000, ctx.scale)
    if len(plan) > target:  # missed drills: the school was overdue that year
        past = [i for i, p in enumerate(plan) if p[0] < today]
        dropped = set(rng.sample(past, min(len(past), len(plan) - target)))
        plan = [p for i, p in enumerate(plan) if i not in dropped]
    earlier = [s for s in slots if s[1] < ctx.last_year]
    while len(plan) < target and earlier:  # an extra lockdown in the spring, after a drill that found problems
        school, year, officer_id = rng.choice(earlier)
        days = _days_before(_school_days(year, *SPRING_DRILLS), today)
        if days:
            plan.append((rng.choice(days), school, officer_id, lockdown))
    for _ in range(scaled(4_000, ctx.scale) if others else 0):
        school, year, officer_id = rng.choice(slots)
        plan.append(
            (rng.choice(_school_days(year, (9, 10))), school, officer_id, rng.choices(others, other_weights)[0])
        )
    plan.sort(key=lambda p: (p[0], p[1].pk, p[3].code))

    big = (School.Category.SECONDARY, School.Category.ELEMENTARY_SECONDARY)
    drills = []
    for day, school, officer_id, kind in plan:
        year = SchoolYear.containing(day)
        lead, covering = officer_id, False
        if rng.random() < 0.06:
            cover = [o.pk for o in ctx.in_service(year) if o.pk != officer_id]
            if cover:
                lead, covering = rng.choice(cover), True
        scheduled_for = ctx.at(day, *rng.choice(DRILL_TIMES))
        drill = Drill(
            school=school,
            kind=kind,
            scheduled_for=scheduled_for,
            occurs_on=day,
            announced=rng.random() < (0.55 if kind is lockdown else 0.8),
            lead_officer_id=lead,
            covering=covering,
            created_by_id=lead,
        )
        roll = rng.random()
        if day >= today:
            if roll < 0.02:
                drill.status, drill.cancel_reason, drill.version = "cancelled", rng.choice(DRILL_CANCEL_REASONS), 2
        elif roll < 0.035:
            drill.status, drill.cancel_reason, drill.version = "cancelled", rng.choice(DRILL_CANCEL_REASONS), 2
        elif roll < 0.045:
            pass  # booked, never logged: the compliance board ignores it
        else:
            students = rng.randint(350, 1600) if school.category in big else rng.randint(60, 650)
            problems = rng.random() < 0.09
            drill.status = Drill.Status.COMPLETED
            drill.version = 2 if rng.random() < 0.85 else 1  # scheduled then logged, or logged straight away
            drill.conducted_start = scheduled_for + dt.timedelta(minutes=rng.choice([0, 0, 0, 5, 10]))
            drill.conducted_end = drill.conducted_start + dt.timedelta(minutes=rng.randint(8, 35))
            drill.time_to_secure = rng.randint(40, 300)
            drill.students_count = students
            drill.staff_count = max(6, students // rng.randint(11, 17))
            drill.problems_found = rng.choice(DRILL_PROBLEMS) if problems else ""
            drill.debrief_notes = rng.choice(DRILL_DEBRIEFS)
            drill.outcome = Drill.Outcome.FOLLOW_UP if problems else Drill.Outcome.SATISFACTORY
        drills.append(drill)
    drills = bulk(Drill, drills)
    ctx.made["lockdown drills"] = sum(d.kind_id == lockdown.pk for d in drills)
    ctx.made["drills of other kinds"] = len(drills) - ctx.made["lockdown drills"]

    followups = []
    for drill in drills:
        if drill.outcome != Drill.Outcome.FOLLOW_UP:
            continue
        for description, owner in rng.sample(FOLLOWUPS, rng.choice([1, 1, 1, 2])):
            due_on = drill.occurs_on + dt.timedelta(days=rng.randint(14, 60))
            action = FollowUpAction(
                drill=drill, description=description, owner=owner, due_on=due_on, created_by_id=drill.lead_officer_id
            )
            if due_on < today and rng.random() < 0.88:
                latest = min(today, due_on + dt.timedelta(days=30))
                action.resolved_on = drill.occurs_on + dt.timedelta(
                    days=rng.randint(3, (latest - drill.occurs_on).days)
                )
                action.resolution = rng.choice(FOLLOWUP_RESOLUTIONS)
                action.version = 2
            followups.append(action)
    ctx.made["follow-up actions"] = len(bulk(FollowUpAction, followups))


# --- programs -------------------------------------------------------------------------------------------

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

PARTNER_KINDS = [
    ("Community Health Centre", "health"), ("Family Services", "social_services"), ("Youth Centre", "community_group"),
    ("Public Library", "municipal"), ("Recreation Department", "municipal"), ("Food Bank", "community_group"),
    ("Chamber of Commerce", "private"), ("Fire Services", "municipal"), ("Housing Corporation", "municipal"),
    ("Victim Services", "social_services"),
]  # fmt: skip
CADENCE_DAYS = {"weekly": 7, "biweekly": 14, "monthly": 30, "bimonthly": 61, "quarterly": 91, "as_needed": 120}
MEETING_LOCATIONS = [
    "City Hall, Room 201", "Police HQ, 2nd floor boardroom", "Public Health, Jackson Room", "Online (Teams)",
    "County building, council chambers", "Community Health Centre, meeting room",
]  # fmt: skip
MEETING_CANCEL_REASONS = ["Quorum not reached", "Chair unavailable; next meeting kept", "Snowstorm", "No agenda items"]
MEETING_NOTES = [
    "Minutes circulated by the chair.",
    "Round-table updates; minutes to follow.",
    "Reviewed the work plan and the action items.",
    "Guest presentation, then partner updates.",
]
# The demo's sample action items (committees/demo.py), plus two: the same list, in the same order, as before.
EXTRA_ACTIONS = [
    "Draft the letter of support for the grant application",
    "Collect partner data for the annual report",
]


def _generate_committees(ctx: Context) -> None:
    """Partners, 13 committees, who represented the service on each, 1,500 meetings and their action items.

    Committees (the demo's thirteen; "— County" copies above scale 1) started 2 to 13 years ago, a few have
    ended. Each meets at its cadence over its active period inside the ten years and up to three months ahead;
    the 1,500 meetings are shared in proportion to (active days / cadence). Representation: an officer liaison
    seat that changes hands every 2 to 4 years (or when the officer leaves the unit), and the coordinator on
    every second committee. Past meetings were held (minutes, attendees = the representatives) or cancelled
    with a reason; later ones are scheduled. A third of the held meetings leave action items, closed unless
    recent.
    """
    from committees.demo import ACTIONS, COMMITTEES, PARTNERS
    from committees.models import ActionItem, Committee, Meeting, Partner, Representation
    from schools.models import SchoolYear

    actions = [*ACTIONS, *EXTRA_ACTIONS]

    rng = ctx.rng
    today = ctx.today
    first_day = SchoolYear.bounds(ctx.first_year)[0]

    partners = []
    generated = [(f"{city} {kind}", type_) for kind, type_ in PARTNER_KINDS for city in CITIES]
    for index in range(scaled(40, ctx.scale, minimum=4)):
        if index < len(PARTNERS):
            name, type_, contact = PARTNERS[index]
        else:
            name, type_ = generated[(index - len(PARTNERS)) % len(generated)]
            round_ = (index - len(PARTNERS)) // len(generated)
            name, contact = name + (f" ({round_ + 1})" if round_ else ""), "Program manager"
        slug = "".join(c for c in _ascii(name) if c.isalnum())[:20]
        partners.append(
            Partner(
                name=name,
                type=type_,
                contact_name=contact,
                email=f"info@{slug}.example",
                phone=f"705-555-{rng.randint(1000, 9999)}",
                website=f"https://{slug}.example",
                active=rng.random() < 0.95,
            )
        )
    ctx.partners = bulk(Partner, partners)
    ctx.made["partners"] = len(ctx.partners)

    committees = []
    partner_links = []
    for index in range(scaled(13, ctx.scale, minimum=3)):
        name, purpose, pillar, area, cadence, partner_ix, years = COMMITTEES[index % len(COMMITTEES)]
        round_ = index // len(COMMITTEES)
        if round_:
            name += " — County" if round_ == 1 else f" — Region {round_}"
        active_from = SchoolYear.bounds(ctx.last_year - years - rng.randint(0, 3))[0] + dt.timedelta(
            days=rng.randint(0, 150)
        )
        active_to = None
        earliest_end = max(active_from + dt.timedelta(days=730), first_day + dt.timedelta(days=365))
        if rng.random() < 0.12 and earliest_end < today - dt.timedelta(days=60):
            active_to = earliest_end + dt.timedelta(days=rng.randint(0, (today - earliest_end).days - 60))
        committees.append(
            Committee(
                name=name,
                purpose=purpose,
                pillar=pillar,
                cswb_area=area,
                meeting_cadence=cadence,
                active_from=active_from,
                active_to=active_to,
            )
        )
        partner_links.append([i % len(ctx.partners) for i in partner_ix] + [rng.randrange(len(ctx.partners))])
    committees = bulk(Committee, committees)
    ctx.made["committees"] = len(committees)
    bulk(
        Committee.partners.through,
        (
            Committee.partners.through(committee_id=c.pk, partner_id=ctx.partners[i].pk)
            for c, links in zip(committees, partner_links, strict=True)
            for i in sorted(set(links))
        ),
    )

    # Representation periods: (committee, staff id, role, start, end or None).
    representations = []
    for index, committee in enumerate(committees):
        start = max(committee.active_from, first_day)
        stop = committee.active_to
        while stop is None or start <= stop:
            year = SchoolYear.containing(start)
            officer = rng.choice(ctx.in_service(year))
            leaves = SchoolYear.bounds(ctx.officer_service[officer.pk][1])[1]
            end = min(start + dt.timedelta(days=rng.randint(730, 1460)), leaves)
            if stop is not None and end >= stop:
                end = stop
            open_ended = end >= today and leaves >= SchoolYear.bounds(ctx.last_year)[1] and stop is None
            representations.append(
                Representation(
                    committee=committee,
                    staff_id=officer.pk,
                    role=Representation.Role.LIAISON,
                    start=start,
                    end=None if open_ended else end,
                )
            )
            if open_ended or end >= (stop or today):
                break
            start = end + dt.timedelta(days=1)
        if index % 2 == 0:
            representations.append(
                Representation(
                    committee=committee,
                    staff=ctx.coordinator,
                    role=Representation.Role.CHAIR if index % 6 == 0 else Representation.Role.MEMBER,
                    start=max(committee.active_from, first_day),
                    end=committee.active_to,
                )
            )
    ctx.made["representation periods"] = len(bulk(Representation, representations))
    reps_by_committee: dict[int, list] = {}
    for rep in representations:
        reps_by_committee.setdefault(rep.committee_id, []).append(rep)

    # Meetings, shared by (active days / cadence), evenly spaced with a little jitter, on weekdays.
    horizon = today + dt.timedelta(days=90)
    windows = []
    for committee in committees:
        start = max(committee.active_from, first_day)
        end = min(committee.active_to or horizon, horizon)
        windows.append((committee, start, end))
    weights = [max(1, (end - start).days) / CADENCE_DAYS.get(c.meeting_cadence, 60) for c, start, end in windows]
    shares = _shares(scaled(1_500, ctx.scale), weights)
    meetings = []
    for (committee, start, end), count in zip(windows, shares, strict=True):
        span = (end - start).days
        for k in range(count):
            day = start + dt.timedelta(days=min(span, max(0, round((k + 0.5) * span / count) + rng.randint(-2, 2))))
            day = _weekday_within(day, start, end)
            past = day < today
            roll = rng.random()
            status = Meeting.Status.SCHEDULED
            if past:
                status = Meeting.Status.CANCELLED if roll < 0.07 else Meeting.Status.HELD
            elif roll < 0.03:
                status = Meeting.Status.CANCELLED
            meetings.append(
                Meeting(
                    committee=committee,
                    starts_at=ctx.at(day, rng.choice([9, 10, 13, 14, 18]), rng.choice([0, 30])),
                    location=rng.choice(MEETING_LOCATIONS),
                    status=status,
                    cancel_reason=rng.choice(MEETING_CANCEL_REASONS) if status == Meeting.Status.CANCELLED else "",
                    notes=rng.choice(MEETING_NOTES) if status == Meeting.Status.HELD else "",
                    version=2 if past else 1,
                )
            )
    meetings.sort(key=lambda m: (m.starts_at, m.committee_id))
    meetings = bulk(Meeting, meetings)
    ctx.made["meetings"] = len(meetings)

    attendees, items = [], []
    for meeting in meetings:
        day = meeting.starts_at.date()
        present = [r.staff_id for r in reps_by_committee.get(meeting.committee_id, ()) if _rep_on(r, day)]
        if meeting.status != Meeting.Status.CANCELLED:
            for staff_id in dict.fromkeys(present):
                attendees.append(Meeting.attendees.through(meeting_id=meeting.pk, user_id=staff_id))
        if meeting.status != Meeting.Status.HELD or rng.random() > 0.33:
            continue
        for _ in range(rng.choice([1, 1, 2, 3])):
            owner = rng.choice(present) if present and rng.random() < 0.8 else None
            due_on = day + dt.timedelta(days=rng.randint(14, 60)) if rng.random() < 0.9 else None
            closed_on = None
            if due_on and due_on < today and rng.random() < 0.85:
                closed_on = min(today, day + dt.timedelta(days=rng.randint(7, (due_on - day).days + 20)))
            items.append(
                ActionItem(
                    committee_id=meeting.committee_id,
                    meeting=meeting,
                    description=rng.choice(actions),
                    owner_id=owner,
                    owner_text="" if owner else rng.choice(ctx.partners).name,
                    opened_on=day,
                    due_on=due_on,
                    closed_on=closed_on,
                    version=2 if closed_on else 1,
                )
            )
    bulk(Meeting.attendees.through, attendees)
    ctx.made["action items"] = len(bulk(ActionItem, items))


def _shares(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainder method)."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    shares = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (shares[i] - raw[i], i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _weekday_within(day: dt.date, start: dt.date, end: dt.date) -> dt.date:
    """`day` moved to a weekday (Monday after a weekend, or the Friday before when that passes `end`)."""
    if day.weekday() >= 5:
        after = day + dt.timedelta(days=7 - day.weekday())
        before = day - dt.timedelta(days=day.weekday() - 4)
        day = after if after <= end else before
    return min(max(day, start), end)


def _rep_on(rep, day: dt.date) -> bool:
    return rep.start <= day and (rep.end is None or day <= rep.end)


# --- events ---------------------------------------------------------------------------------------------

AWARENESS_EVENTS = {
    "police-week": ["Police Week open house at headquarters", "Touch-a-truck at Millennium Park",
                    "Police Week school visit", "Memorial service for fallen officers"],
    "family-week": ["Family skate with officers", "Family fun day at the park", "Car seat clinic"],
    "week-without-violence": ["YWCA Week Without Violence walk", "Healthy relationships talk, grade 9",
                              "Purple ribbon campaign launch"],
    "crime-prevention-week": ["Lock it or lose it — mall display", "Seniors' fraud prevention session",
                              "Bike registration clinic", "Home security information booth"],
    "drug-awareness-week": ["Officers vs. high-school hockey game", "Vaping facts for parents",
                            "Naloxone awareness booth", "Drug awareness school assembly"],
}  # fmt: skip
OTHER_EVENTS = [
    ("community", ["Coffee with a Cop", "Community barbecue", "Neighbourhood walkabout", "Shred-it day"]),
    ("school", ["Bike rodeo", "Safety patrol appreciation day", "Grade 8 graduation", "Career day"]),
    ("forum", ["Newcomer know-your-police session", "Youth town hall", "Community safety forum"]),
    ("other", ["Charity run", "Toy drive", "Special Olympics torch run"]),
]
EVENT_PLACES = ["Millennium Park", "Lansdowne Place mall", "Police HQ", "Peterborough Memorial Centre",
                "Del Crary Park", "Public library, main branch", "Farmers' market"]  # fmt: skip
EVENT_CANCEL_REASONS = ["Weather", "Venue no longer available", "Too few registrations", "Officers redeployed"]


def _generate_events(ctx: Context) -> None:
    """3,000 events over the ten years and four months ahead; 30% during the awareness weeks.

    Awareness-week events fall inside their week's dates for that year (Drug Awareness Week is held locally in
    February from the fifth year on: one override per year, as a coordinator would enter it). The others are
    community, school, forum and other events on any day. Past events were held (attendance) or cancelled
    with a reason; later ones are planned. The lead is an officer in the unit that year or the coordinator,
    with up to three other staff and two partners.
    """
    from events.models import AwarenessWeek, AwarenessWeekOverride, Event
    from events.weeks import rule_dates
    from schools.models import SchoolYear

    rng = ctx.rng
    today = ctx.today
    first_day = SchoolYear.bounds(ctx.first_year)[0]
    horizon = today + dt.timedelta(days=120)
    weeks = list(AwarenessWeek.objects.order_by("code"))

    overrides = []
    drug_week = next((w for w in weeks if w.code == "drug-awareness-week"), None)
    if drug_week is not None:
        for year in range(ctx.first_year + 5, horizon.year + 1):
            february = dt.date(year, 2, 1)
            starts_on = february + dt.timedelta(days=(6 - february.weekday()) % 7 + 7)  # second Sunday
            overrides.append(
                AwarenessWeekOverride(
                    week=drug_week, year=year, starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=6)
                )
            )
    bulk(AwarenessWeekOverride, overrides)
    ctx.made["awareness week overrides"] = len(overrides)
    moved = {(o.week_id, o.year): (o.starts_on, o.ends_on) for o in overrides}
    occurrences = []
    for week in weeks:
        for year in range(first_day.year, horizon.year + 1):
            first, last = moved.get((week.pk, year)) or rule_dates(week.rule, year)
            if first >= first_day and last <= horizon:
                occurrences.append((week, first, last))
    occurrences.sort(key=lambda o: (o[1], o[0].code))

    total = scaled(3_000, ctx.scale)
    drafts = []  # (day, type, week or None, title, location)
    for index in range(round(total * 0.3) if occurrences else 0):
        week, first, last = occurrences[index % len(occurrences)]
        day = first + dt.timedelta(days=rng.randint(0, (last - first).days))
        drafts.append((day, "awareness_week", week, rng.choice(AWARENESS_EVENTS.get(week.code, [week.name_en])),
                       rng.choice(EVENT_PLACES)))  # fmt: skip
    kinds = [k for k, _ in OTHER_EVENTS]
    titles = dict(OTHER_EVENTS)
    while len(drafts) < total:
        day = first_day + dt.timedelta(days=rng.randrange((horizon - first_day).days))
        if day.weekday() == 6 and rng.random() < 0.7:
            continue
        kind = rng.choices(kinds, weights=[45, 30, 15, 10])[0]
        if kind == "school":
            location = rng.choice(ctx.schools).name_en
        else:
            location = rng.choice(EVENT_PLACES + [p.name for p in ctx.partners[:8]])
        drafts.append((day, kind, None, rng.choice(titles[kind]), location))
    drafts.sort(key=lambda d: (d[0], d[3]))

    events, staff_rows, partner_rows = [], [], []
    for day, kind, week, title, location in drafts:
        hour = rng.choice([9, 10, 11, 13, 14, 16, 18, 19])
        starts_at = ctx.at(day, hour, rng.choice([0, 30]))
        ends_at = starts_at + dt.timedelta(hours=rng.randint(1, min(4, 22 - hour)))
        year = SchoolYear.containing(min(day, today))
        crew = ctx.in_service(year)
        lead = ctx.coordinator.pk if rng.random() < 0.2 else rng.choice(crew).pk
        expected = rng.choice([25, 40, 60, 100, 150, 250, 400])
        past = day < today
        roll = rng.random()
        status = Event.Status.PLANNED
        if past:
            status = Event.Status.CANCELLED if roll < 0.05 else Event.Status.HELD
        elif roll < 0.04:
            status = Event.Status.CANCELLED
        held = status == Event.Status.HELD
        events.append(
            Event(
                title=title,
                type=kind,
                awareness_week=week,
                starts_at=starts_at,
                ends_at=ends_at,
                location=location,
                lead_id=lead,
                expected_attendance=expected,
                actual_attendance=round(expected * rng.uniform(0.5, 1.3)) if held else None,
                description=f"Part of {week.name_en} {day.year}." if week else "",
                outcome_notes=rng.choice(["", "Good turnout.", "Rain kept numbers down."]) if held else "",
                status=status,
                cancel_reason=rng.choice(EVENT_CANCEL_REASONS) if status == Event.Status.CANCELLED else "",
                version=2 if past else 1,
            )
        )
        others = [o.pk for o in crew if o.pk != lead]
        staff_rows.append(rng.sample(others, min(len(others), rng.choice([0, 1, 1, 2, 3]))))
        partner_rows.append(rng.sample(ctx.partners, min(len(ctx.partners), rng.choice([0, 0, 1, 2]))))
    events = bulk(Event, events)
    bulk(
        Event.staff.through,
        (
            Event.staff.through(event_id=e.pk, user_id=user_id)
            for e, ids in zip(events, staff_rows, strict=True)
            for user_id in ids
        ),
    )
    bulk(
        Event.partners.through,
        (
            Event.partners.through(event_id=e.pk, partner_id=p.pk)
            for e, chosen in zip(events, partner_rows, strict=True)
            for p in chosen
        ),
    )
    ctx.made["events"] = len(events)


# --- history (runs last) --------------------------------------------------------------------------------


@functools.cache
def _history_model(model):
    return model.history.model  # the descriptor builds a manager on every access: slow in a loop


def _historical(obj, *, when: dt.datetime, kind: str, user_id: int | None, reason: str = "", **changes):
    """A simple-history row for `obj` as it is now (or with `changes`), written without the model's signals."""
    model = _history_model(type(obj))
    values = {
        f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if not f.name.startswith("history_")
    }
    values.update(changes)
    return model(
        **values, history_date=when, history_type=kind, history_user_id=user_id, history_change_reason=reason or None
    )


def _generate_history(ctx: Context) -> None:
    """20,000 history rows: the creation of every board, school and assignment, then edits of schools and calls.

    Runs after every other generator. The budget is shared: first the "+" rows of boards, schools and
    assignments, then a tenth of what is left as school edits (new principal), then voided calls (their "+"
    and "~" rows) and the creation of the most recent calls until the budget is spent.
    """
    from schools.models import Assignment, Board, CallForService, School

    rng = ctx.rng
    budget = scaled(20_000, ctx.scale)
    rows: dict[type, list] = {}

    def add(obj, **kwargs) -> bool:
        if sum(len(v) for v in rows.values()) >= budget:
            return False
        rows.setdefault(_history_model(type(obj)), []).append(_historical(obj, **kwargs))
        return True

    start = ctx.at(dt.date(ctx.first_year, 8, 20))
    supervisor, coordinator = ctx.supervisor.pk, ctx.coordinator.pk
    for board in Board.objects.order_by("pk"):
        add(board, when=start, kind="+", user_id=supervisor)
    for school in School.objects.order_by("pk"):
        add(school, when=start, kind="+", user_id=coordinator)
    for assignment in Assignment.objects.order_by("pk"):
        add(assignment, when=ctx.at(assignment.start) - dt.timedelta(days=10), kind="+", user_id=supervisor)
    left = budget - sum(len(v) for v in rows.values())
    schools = list(School.objects.order_by("pk"))
    for _ in range(left // 10):
        school = rng.choice(schools)
        day = dt.date(rng.randint(ctx.first_year, ctx.last_year), rng.choice([8, 9, 1]), rng.randint(1, 28))
        if not add(school, when=ctx.at(min(day, ctx.today), 10), kind="~", user_id=coordinator, reason="New principal"):
            break
    calls = CallForService.objects.order_by("-occurred_at", "-pk")
    for call in calls.filter(status=CallForService.Status.VOIDED).iterator(chunk_size=BATCH):
        created = call.occurred_at + dt.timedelta(hours=2)
        add(call, when=created, kind="+", user_id=call.created_by_id, status="active", void_reason="", version=1)
        add(call, when=created + dt.timedelta(days=1), kind="~", user_id=supervisor, reason=call.void_reason)
    for call in calls.filter(status=CallForService.Status.ACTIVE).iterator(chunk_size=BATCH):
        if not add(call, when=call.occurred_at + dt.timedelta(hours=2), kind="+", user_id=call.created_by_id):
            break
    total = 0
    for model, objs in rows.items():
        total += len(bulk(model, objs))
    ctx.made["history rows"] = total


GENERATORS: list[Generator] = [
    Generator("accounts", _generate_users, (), {"officers": 12}),
    Generator(
        "schools",
        _generate_schools,
        ("schools.Board", "schools.School", "schools.Assignment"),
        {"boards": 6, "schools": 800},
    ),
    Generator("calls", _generate_calls, ("schools.CallForService",), {"calls": 30_000}),
    Generator(
        "drills",
        _generate_drills,
        ("drills.DrillYearRule", "drills.Drill", "drills.FollowUpAction"),
        {"lockdown drills": 16_000, "drills of other kinds": 4_000},
    ),
    Generator(
        "programs",
        _generate_programs,
        (
            "programs.ProgramRevision",
            "programs.ClassSeries",
            "programs.Session",
            "programs.PresentationRequest",
            "programs.PatrolYear",
            "programs.Placement",
        ),
        {"program sessions": 200_000, "presentation requests": 2_500, "placements": 60},
    ),
    Generator(
        "committees",
        _generate_committees,
        (
            "committees.Partner",
            "committees.Committee",
            "committees.Representation",
            "committees.Meeting",
            "committees.ActionItem",
        ),
        {"partners": 40, "committees": 13, "meetings": 1_500},
    ),
    Generator("events", _generate_events, ("events.AwarenessWeekOverride", "events.Event"), {"events": 3_000}),
    Generator("history", _generate_history, (), {"history rows": 20_000}),
]


# --- running, resetting, marking ------------------------------------------------------------------------


def _tables() -> list[str]:
    tables = []
    for generator in GENERATORS:
        for label in generator.models:
            model = apps.get_model(label)
            tables.append(model._meta.db_table)
            history = getattr(model, "history", None)
            if history is not None:
                tables.append(history.model._meta.db_table)
    return tables


def reset() -> None:
    """Empty the generated tables (and what references them). Users are kept: they are get_or_create'd."""
    tables = _tables()
    with connection.cursor() as cursor:
        # Rows inserted earlier in the same transaction leave deferred FK checks that forbid TRUNCATE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)} RESTART IDENTITY CASCADE")


def has_data() -> bool:
    from schools.models import School

    return School.objects.exists()


def generate(*, scale: float, seed: int = DEFAULT_SEED, today: dt.date, stdout=None, log: Callable | None = None):
    ctx = Context(rng=random.Random(seed), scale=scale, today=today, stdout=stdout)
    for generator in GENERATORS:
        before = dict(ctx.made)
        generator.func(ctx)
        if log:
            log(generator.name, {k: v for k, v in ctx.made.items() if before.get(k) != v})
    return ctx


def marker(*, scale: float, seed: int) -> str:
    """What the bench database holds: compared by `make bench` to skip regenerating identical data."""
    from django.db.migrations.recorder import MigrationRecorder

    applied = sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())
    digest = hashlib.sha256("\n".join(applied).encode()).hexdigest()[:12]
    return f"csu-bench version={GENERATOR_VERSION} scale={scale:g} seed={seed} migrations={digest}"


def read_marker() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0] or ""


def write_marker(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"COMMENT ON DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} IS %s", [value]
        )
