"""Celery entry points for payments: take ids, call the service, own the retry policy."""

from celery import shared_task

from commerce.payment import services
from commerce.payment.interface import PaymentProviderError


@shared_task(
    autoretry_for=(PaymentProviderError,),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=10,
)
def payment_verify(order_id: int) -> None:
    services.payment_confirm(order_id=order_id)


@shared_task(
    autoretry_for=(PaymentProviderError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=12,
)
def refund_run(transaction_id: int) -> None:
    services.refund_run(transaction_id=transaction_id)
