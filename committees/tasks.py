from celery import shared_task

from . import services


@shared_task(name="committees.tasks.sweep_committee_reminders")
def sweep_committee_reminders() -> int:
    return services.reminders_sweep()
