"""Celery entry points for the order pipeline."""

from celery import shared_task

from commerce.order import services


@shared_task
def orders_expire_unpaid() -> int:
    return services.orders_expire_unpaid()
