from celery import shared_task

from .services import signin_records_prune


@shared_task(name="accounts.tasks.prune_signin_records")
def prune_signin_records() -> dict[str, int]:
    return signin_records_prune()
