"""Celery beat runs the expiry of unpaid orders (and every other periodic task) by name."""

from datetime import timedelta

import pytest
from celery import current_app as app
from django.conf import settings
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.order.tasks import orders_expire_unpaid
from testkit.factories.order import order_place

Order = get_model("order", "Order")


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_payment_tasks_keep_the_names_queued_messages_use():
    # Messages already in the outbox, and the payment services, name these tasks.
    from commerce.order import tasks

    assert app.tasks["commerce.payment.tasks.payment_verify"].run == tasks.payment_verify.run
    assert app.tasks["commerce.payment.tasks.refund_run"].run == tasks.refund_run.run


@pytest.mark.django_db
def test_the_beat_task_expires_unpaid_orders():
    order = order_place()
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES + 1)
    )
    assert orders_expire_unpaid.delay().get() == 1
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
