"""Write the benchmark dataset of issue 9 into the configured (PostgreSQL) database. See bench/__init__.py."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

import bench as benchdata


class Command(BaseCommand):
    help = "Generate the benchmark dataset (scale 1 = a large service over ten school years) reproducibly."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the issue's counts, 2 doubles them.")
        parser.add_argument("--seed", type=int, default=benchdata.DEFAULT_SEED)
        parser.add_argument("--reset", action="store_true", help="Empty the generated tables first.")
        parser.add_argument(
            "--skip-if-current",
            action="store_true",
            help="Do nothing when the database already holds this scale, seed and generator version.",
        )
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="Pin the last day (tests).")

    def handle(self, *args, scale, seed, reset, skip_if_current, today, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark dataset is for PostgreSQL: set DATABASE_URL=postgres://...")
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        wanted = benchdata.marker(scale=scale, seed=seed)
        if skip_if_current and benchdata.read_marker() == wanted and benchdata.has_data():
            self.stdout.write(f"Bench data up to date ({wanted}).")
            return
        if benchdata.has_data() and not reset:
            raise CommandError("This database already holds schools; pass --reset to replace the generated data.")
        started = time.monotonic()

        def log(name, made):
            figures = ", ".join(f"{v:,} {k}" for k, v in made.items())
            self.stdout.write(f"  {name:<10} {figures}  ({time.monotonic() - started:.1f} s)")

        with transaction.atomic():
            if reset:
                benchdata.reset()
            benchdata.generate(scale=scale, seed=seed, today=today or timezone.localdate(), log=log)
            benchdata.write_marker(wanted)
        with connection.cursor() as cursor:
            # What autovacuum does to a live database: statistics for the planner, and the visibility map that lets
            # counts and id-only page queries read indexes alone. (PostgreSQL only; SQLite just analyzes.)
            # VACUUM cannot run inside a transaction (the tests call this command inside one).
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Bench data generated in {time.monotonic() - started:.1f} s ({wanted})."))
