"""Many checkouts racing for the last units: row locks make exactly the right number succeed."""

import threading

import pytest
from django.db import connection, connections

from commerce.outbox.models import TaskMessage
from commerce.partner.services import OutOfStock, StockItem, stock_allocate
from commerce.partner.tests import stockrecord_create

BUYERS = 50


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (row locks)")
@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_racing_for_ten_units(demo):
    record = stockrecord_create(num_in_stock=10, low_stock_threshold=3)
    barrier = threading.Barrier(BUYERS)
    outcomes: list[str] = []
    alerts: list[int] = []

    def buy():
        try:
            barrier.wait(timeout=30)
            stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=1)])
            outcomes.append("bought")
        except OutOfStock:
            outcomes.append("out of stock")
        except Exception as error:  # reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy) for _ in range(BUYERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    alerts = [
        message.kwargs["stockrecord_id"]
        for message in TaskMessage.objects.filter(task="commerce.partner.tasks.stock_low_alert")
    ]

    assert sorted(outcomes) == ["bought"] * 10 + ["out of stock"] * 40
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (10, 10)
    assert record.movements.filter(reason="allocated").count() == 10
    assert alerts == [record.pk]
