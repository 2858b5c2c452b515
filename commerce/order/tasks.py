"""Celery entry points for orders and the payments that move them: ids in, one action called.

The payment tasks were first registered in ``commerce.payment.tasks``; they keep those names so
that messages already in the task outbox, and the payment services queuing them by name, still
reach them.
"""

from celery import shared_task

from commerce.order import actions
from commerce.payment.interface import PaymentProviderError


@shared_task
def orders_expire_unpaid() -> int:
    return actions.orders_expire_unpaid()


@shared_task(
    name="commerce.payment.tasks.payment_verify",
    autoretry_for=(PaymentProviderError,),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=10,
)
def payment_verify(order_id: int) -> None:
    actions.order_payment_confirm(order_id=order_id)


@shared_task(
    name="commerce.payment.tasks.refund_run",
    autoretry_for=(PaymentProviderError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
)
def refund_run(transaction_id: int) -> None:
    actions.order_refund_run(transaction_id=transaction_id)
