"""Celery entry points for notifications: take ids, call the service, own the retry policy."""

from celery import shared_task

from commerce.communication import services

# Delivery retries: 30 s, 1, 2, 4, 8 and 16 minutes, then the message is left failed.
MAX_RETRIES = 6


@shared_task(bind=True, max_retries=MAX_RETRIES)
def message_send(self, *, message_id: int) -> None:
    # In-process (the embedded default, no worker to come back later) the retries run at once.
    tries = MAX_RETRIES + 1 if self.request.is_eager else 1
    for _ in range(tries):
        try:
            services.message_deliver(message_id=message_id)
            return
        except services.TemporaryFailure as error:
            failure = error
    if self.request.is_eager or self.request.retries >= self.max_retries:
        services.message_give_up(message_id=message_id)
        return
    raise self.retry(exc=failure, countdown=30 * 2**self.request.retries)


@shared_task
def order_placed_email_send(*, order_id: int) -> None:
    services.order_placed_email_send(order_id=order_id)


@shared_task
def order_status_notify(*, order_id: int, new_status: str) -> None:
    services.order_status_notify(order_id=order_id, new_status=new_status)


@shared_task
def basket_reminders_send() -> int:
    return services.basket_reminders_queue()
