"""`manage.py read_bounces [--stdin]`: read delivery reports (bounces) — see engagement/bounces.py."""

import mailbox
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from engagement.bounces import bounce_maildir_read, bounce_report_read

EX_TEMPFAIL = 75  # sysexits.h: an MTA's pipe transport keeps the message and tries again later


class Command(BaseCommand):
    help = (
        "Read delivery reports (bounces): the messages in new/ of the Maildir BOUNCE_MAILDIR, moved to cur/ once "
        "read, or one message on standard input (--stdin, for an MTA's pipe transport). A hard bounce marks the "
        "subscriber's address refused only when the report returns the Message-ID of a mailing-list message we sent "
        "to that address; others are counted as without proof and left unread. Reading a report again changes "
        "nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stdin", action="store_true", dest="from_stdin", help="Read one message from standard input."
        )

    def handle(self, *args, from_stdin: bool = False, **options):
        if from_stdin:
            raw = sys.stdin.buffer.read()
            try:
                count = bounce_report_read(raw=raw)
            except DatabaseError as exc:
                # The MTA keeps the report and delivers it again later instead of discarding it.
                raise CommandError(f"Database unavailable, try again later: {exc}", returncode=EX_TEMPFAIL) from None
        else:
            if not settings.BOUNCE_MAILDIR:
                raise CommandError("BOUNCE_MAILDIR is not set: give the Maildir's path, or use --stdin.")
            try:
                count = bounce_maildir_read(path=settings.BOUNCE_MAILDIR)
            except mailbox.NoSuchMailboxError:
                raise CommandError(f"{settings.BOUNCE_MAILDIR} is not a Maildir (new/, cur/, tmp/).") from None
        self.stdout.write(count.summary())
