import logging
import mailbox

from celery import shared_task
from django.conf import settings

from .bounces import bounce_maildir_read

logger = logging.getLogger(__name__)


@shared_task(name="engagement.tasks.read_bounces")
def read_bounces() -> int:
    """Read the bounce Maildir (BOUNCE_MAILDIR; beat schedules this task only when it is set). Returns how many
    subscribers were marked refused."""
    if not settings.BOUNCE_MAILDIR:
        return 0
    try:
        count = bounce_maildir_read(path=settings.BOUNCE_MAILDIR)
    except mailbox.NoSuchMailboxError:
        logger.error(
            "BOUNCE_MAILDIR %s is not a Maildir (new/, cur/, tmp/): bounces are not read", settings.BOUNCE_MAILDIR
        )
        return 0
    if count.hard or count.unverified or count.ignored or count.not_reports:
        logger.info("Bounce mailbox read. %s", count.summary())
    return count.marked
