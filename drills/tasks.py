from celery import shared_task

from csu.services import enqueue_on_commit
from csu.tasks import send_due_reminders

from . import services


@shared_task(name="drills.tasks.sweep_drill_reminders")
def sweep_drill_reminders() -> int:
    """Create due drill reminders in the outbox, then ask for them to be sent now rather than at the next beat."""
    created = services.reminders_sweep()
    if created:
        enqueue_on_commit(send_due_reminders)
    return created
