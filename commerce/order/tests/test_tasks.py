"""Celery beat runs the expiry of unpaid orders (and every other periodic task) by name."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.order.tasks import orders_expire_unpaid
from commerce.order.tests.factories import order_place
from nexus_site.celery import app

Order = get_model("order", "Order")


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


@pytest.mark.django_db
def test_the_beat_task_expires_unpaid_orders():
    order = order_place()
    Order.objects.filter(pk=order.pk).update(
        date_placed=timezone.now() - timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES + 1)
    )
    assert orders_expire_unpaid.delay().get() == 1
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
