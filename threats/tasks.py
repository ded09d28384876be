from celery import shared_task

from csu.services import enqueue_on_commit
from csu.tasks import send_due_reminders

from . import services


@shared_task(name="threats.tasks.sweep_threat_reminders")
def sweep_threat_reminders() -> int:
    """Queue reminders of overdue assessment follow-ups, then ask for them to be sent now."""
    created = services.reminders_sweep()
    if created:
        enqueue_on_commit(send_due_reminders)
    return created
