from celery import shared_task

from .directory import directory_sync
from .services import signin_records_prune


@shared_task(name="accounts.tasks.sync_directory")
def sync_directory() -> dict[str, int]:
    """Hourly: accounts the directory removed or disabled are closed here too (their calendar feeds stop)."""
    return directory_sync()


@shared_task(name="accounts.tasks.prune_signin_records")
def prune_signin_records() -> dict[str, int]:
    return signin_records_prune()
