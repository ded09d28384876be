"""`manage.py build_report --school-year 2025 | --calendar-year 2025 [--language en|fr] --output DIR`.

For IT and scheduled jobs: builds the same report as the page (reports.services: a report row, then the build,
here run in this process rather than by a worker), copies its PDF, XLSX and CSV into DIR and prints their paths.
A bad argument gets one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Role, User
from reports import services
from reports.models import AnnualReport


class _OneLineParser(CommandParser):
    def error(self, message):
        if self.called_from_command_line:
            sys.stderr.write(f"build_report: {message}\n")
            sys.exit(2)
        raise CommandError(f"build_report: {message}", returncode=2)


def _bad(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Build the annual overview report and write its PDF, XLSX and CSV into a folder."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.__class__ = _OneLineParser  # the same parser, whose errors take one line
        return parser

    def add_arguments(self, parser):
        period = parser.add_mutually_exclusive_group(required=True)
        period.add_argument("--school-year", type=int, metavar="YEAR", help="the school year starting in YEAR")
        period.add_argument("--calendar-year", type=int, metavar="YEAR", help="the calendar year YEAR")
        parser.add_argument("--language", choices=["en", "fr"], default="en")
        parser.add_argument("--output", required=True, metavar="DIR", help="folder the files are written into")
        parser.add_argument(
            "--user", default="", help="user name recorded as requesting it (default: the first active supervisor)"
        )

    def handle(self, *args, **options):
        if options["school_year"] is not None:
            kind, year = AnnualReport.PeriodKind.SCHOOL_YEAR, options["school_year"]
        else:
            kind, year = AnnualReport.PeriodKind.CALENDAR_YEAR, options["calendar_year"]
        if not 2000 <= year <= 2100:
            raise _bad(f"the year must be between 2000 and 2100, not {year}")
        output = Path(options["output"])
        if output.exists() and not output.is_dir():
            raise _bad(f"--output {output} is not a folder")
        user = self._user(options["user"])
        try:
            report, created = services.report_request(
                period_kind=kind, year=year, language=options["language"], introduction="", user=user, enqueue=False
            )
        except ValidationError as exc:
            raise _bad(" ".join(str(m) for m in exc.messages)) from None
        if not created:
            raise CommandError(f"report {report.pk} of this period is already {report.status}; try again later")
        built = services.report_build(report_id=report.pk)
        built = built or AnnualReport.objects.get(pk=report.pk)
        if built.status != AnnualReport.Status.READY:
            raise CommandError(f"the build failed: {built.failure_reason}")
        output.mkdir(parents=True, exist_ok=True)
        for field in (built.pdf_file, built.xlsx_file, built.csv_file):
            target = output / Path(field.name).name
            with field.open("rb") as source:
                target.write_bytes(source.read())
            self.stdout.write(str(target.resolve()))

    def _user(self, username: str) -> User:
        users = User.objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise _bad(f"no active user named {username!r}")
            return user
        user = users.filter(role=Role.SUPERVISOR).order_by("pk").first() or users.filter(is_superuser=True).first()
        if user is None:
            raise _bad("no active supervisor to record as requesting the report: pass --user")
        return user
