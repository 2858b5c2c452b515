from celery import shared_task

from commerce.communication import services


@shared_task(
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    retry_backoff=True,
    max_retries=5,
)
def order_placed_email_send(*, order_id: int) -> None:
    services.order_placed_email_send(order_id=order_id)
