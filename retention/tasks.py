from celery import shared_task

from . import services


@shared_task(name="retention.tasks.list_due")
def list_due() -> int | None:
    """Monthly: list what has passed its retention, for a supervisor to review. Destroys nothing."""
    review = services.review_create()
    return review.pk if review else None


@shared_task(name="retention.tasks.apply_review", acks_late=True)
def apply_review(review_id: int) -> int:
    return len(services.review_apply(review_id=review_id))
