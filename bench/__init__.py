"""The benchmark dataset (issue 9): a large service over ten school years, written fast and reproducibly.

`manage.py generate_bench_data --scale N` (this package is a Django app only where it is present: the
production image leaves it out) runs the generators of `GENERATORS` in order. Each generator is one
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

Adding a generator: write `_generate_<app>(ctx)` in a module of this package, add a `Generator` entry
BEFORE the history generator, and bump `GENERATOR_VERSION` so that `make bench` regenerates its database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable

from django.apps import apps as django_apps  # `apps` would be this package's apps.py
from django.db import connection

from csu import cache

from .base import DEFAULT_SEED, GENERATOR_VERSION, Context, Generator, copy_insert, scaled
from .committees import _generate_committees
from .drills import _generate_drills
from .events import _generate_events
from .history import _generate_history
from .people import _generate_calls, _generate_schools, _generate_users
from .programs import _generate_programs

__all__ = [
    "DEFAULT_SEED",
    "GENERATORS",
    "copy_insert",
    "generate",
    "has_data",
    "marker",
    "read_marker",
    "reset",
    "scaled",
    "write_marker",
]

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
            model = django_apps.get_model(label)
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
    for topic in cache.TOPICS:  # bulk writes and COPY send no signal: what a cache kept is out of date
        cache.changed(topic)
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
