from django.core.management.base import BaseCommand
from django.utils import timezone

from programs.services import placement_purge, placements_due_for_purge


class Command(BaseCommand):
    help = (
        "Blank the personal information (name, project summary, notes) of placements past their retain_until "
        "date, in the record and in its history. Counts, dates and hours stay for reports. Dry run unless --apply."
    )

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="Really purge (default: only list what would be).")

    def handle(self, *args, apply: bool = False, **options):
        today = timezone.localdate()
        due = list(placements_due_for_purge(today=today))
        for placement in due:
            self.stdout.write(
                f"{'purging' if apply else 'would purge'} placement {placement.pk} "
                f"({placement.institution}, ended {placement.ends_on}, keep until {placement.retain_until})"
            )
            if apply:
                placement_purge(placement=placement)
        if apply:
            self.stdout.write(self.style.SUCCESS(f"{len(due)} placement(s) purged."))
        else:
            self.stdout.write(f"{len(due)} placement(s) due. Dry run: nothing changed (use --apply).")
