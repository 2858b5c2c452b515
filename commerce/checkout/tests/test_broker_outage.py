"""Checkout while Redis is down: the order is placed, and its payment verification and
confirmation run on a real worker once Redis is back."""

from __future__ import annotations

import os
import time

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.outbox.models import TaskMessage
from commerce.outbox.services import outbox_dispatch_pending
from testkit.factories.basket import basket_add
from testkit.factories.checkout import storefront_checkout
from testkit.factories.partner import stocked_stockrecord
from testkit.fakes.broker import celery_broker, shared_database_url, start_worker

Order = get_model("order", "Order")

VERIFY = "commerce.payment.tasks.payment_verify"
CONFIRMATION = "commerce.communication.tasks.order_placed_email_send"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_order_placed_while_redis_is_down_is_paid_and_confirmed_once_it_is_back(
    demo, client, redis_server, tmp_path
):
    database_url = shared_database_url()
    if database_url is None:
        pytest.skip("needs a database the worker process can share (DATABASE_URL, not in memory)")
    queue = f"nexus-checkout-outage-{os.getpid()}"
    record = stocked_stockrecord(minimum=1)

    with celery_broker(url=redis_server.url, queue=queue):
        redis_server.stop()
        basket_add(client, product=record.product, quantity=1)
        storefront_checkout(client, guest_email="outage-buyer@example.org", decision="approve")

        order = Order.objects.get()
        # Placed, approved at the provider, and waiting: the broker took nothing.
        assert order.status == statuses.PENDING_PAYMENT
        waiting = TaskMessage.objects.filter(dispatched_at__isnull=True)
        assert {m.task for m in waiting} >= {VERIFY, CONFIRMATION}
        assert all(m.attempts >= 1 and m.last_error for m in waiting)

        redis_server.start()
        mail_dir = tmp_path / "mail"
        worker = start_worker(
            broker_url=redis_server.url, database_url=database_url, queue=queue, mail_dir=mail_dir
        )
        try:
            # As when the backoff has passed and beat runs the periodic dispatch.
            TaskMessage.objects.update(next_attempt_at=timezone.now())
            assert outbox_dispatch_pending() >= 2
            deadline = time.monotonic() + 90
            while True:
                order.refresh_from_db()
                mailed = mail_dir.is_dir() and any(mail_dir.iterdir())
                if order.status == statuses.PAID and mailed:
                    break
                if time.monotonic() > deadline:
                    worker.terminate()
                    pytest.fail(f"the worker did not settle the order:\n{worker.communicate()[0]}")
                time.sleep(0.5)
        finally:
            worker.terminate()
            worker.communicate(timeout=30)

    assert order.sources.get().amount_debited == order.total_incl_tax
    sent = "".join(path.read_text() for path in mail_dir.iterdir())
    assert "To: outage-buyer@example.org" in sent
    assert not TaskMessage.objects.filter(dispatched_at__isnull=True).exists()
