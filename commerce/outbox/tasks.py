from celery import shared_task

from commerce.outbox import services


@shared_task
def outbox_dispatch_pending() -> int:
    """Send the tasks the broker could not take when their transaction committed (beat)."""
    return services.outbox_dispatch_pending()
