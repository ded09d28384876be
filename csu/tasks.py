from celery import shared_task

from . import services


@shared_task(name="csu.tasks.beat_heartbeat")
def beat_heartbeat() -> None:
    services.heartbeat_record(name="beat")


@shared_task(name="csu.tasks.send_due_reminders")
def send_due_reminders() -> int:
    return services.reminders_send_due()


@shared_task(name="csu.tasks.ping")
def ping(value: int) -> int:
    """A trivial task used by the health check and the worker test."""
    return value + 1
