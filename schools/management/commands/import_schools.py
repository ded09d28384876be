"""`manage.py import_schools FILE [--dry-run] [--format ottawa|generic]` — see schools/importer.py."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schools.importer import GENERIC, OTTAWA, ImportFileError, import_schools


class Command(BaseCommand):
    help = "Import schools from a CSV file (City of Ottawa open data or the generic template). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and count, save nothing.")
        parser.add_argument(
            "--format", choices=[OTTAWA, GENERIC], default="", help="Default: recognised from the header row."
        )

    def handle(self, *args, file: Path, dry_run: bool, format: str, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        started = time.monotonic()
        try:
            result = import_schools(data=data, fmt=format, dry_run=dry_run, by=None)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from None
        seconds = time.monotonic() - started
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(result.errors)} problem(s) found: nothing was imported.")
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{len(result.rows)} rows ({result.format}) in {seconds:.2f} s: {result.created} {verb} created, "
            f"{result.updated} {verb} updated, {result.unchanged} unchanged."
        )
        if result.boards_created:
            self.stdout.write(f"Boards {verb} created: {', '.join(result.boards_created)}")
