from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_USERS
from csu.registry import app_modules


class Command(BaseCommand):
    help = "Create demo accounts and realistic synthetic data. Idempotent: a second run changes nothing."

    def handle(self, *args, **options):
        with transaction.atomic():
            for module in app_modules("demo"):
                module.seed(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        for username, rank, display_name, _badge, role in DEMO_USERS:
            name = f"{rank.label} {display_name}" if rank else display_name
            self.stdout.write(f"  {username:<12} {settings.DEMO_PASSWORD}   ({role.label}: {name})")
