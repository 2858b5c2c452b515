"""Fifty shoppers check out the last ten units at the same moment, over HTTP, on PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection
from oscar.core.loading import get_model

from testkit.factories.checkout import SHIPPING_ADDRESS
from testkit.factories.partner import stocked_stockrecord

Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

SHOPPERS = 50
UNITS = 10


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_checkouts_of_ten_units_give_ten_orders(demo, live_server):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and concurrent connections); set DATABASE_URL")
    record = stocked_stockrecord(minimum=1)
    StockRecord.objects.filter(pk=record.pk).update(num_in_stock=UNITS, num_allocated=0)
    product_url = f"{live_server.url}/api/products/{record.product_id}/"
    start = threading.Barrier(SHOPPERS, timeout=120)

    def shopper(index: int):
        session = requests.Session()
        basket = session.get(f"{live_server.url}/api/basket/", timeout=60).json()
        added = session.post(
            f"{live_server.url}/api/basket/add-product/",
            json={"url": product_url, "quantity": 1},
            timeout=60,
        )
        assert added.status_code == 200, added.text
        body = {
            "basket": basket["url"],
            "guest_email": f"shopper{index}@example.org",
            "shipping_method_code": "standard",
            "shipping_address": {
                **{k: v for k, v in SHIPPING_ADDRESS.items() if k != "country"},
                "country": f"{live_server.url}/api/countries/FR/",
            },
        }
        start.wait()
        response = session.post(f"{live_server.url}/api/checkout/", json=body, timeout=120)
        return response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=SHOPPERS) as pool:
        answers = list(pool.map(shopper, range(SHOPPERS)))

    placed = [body for status, body in answers if status == 201]
    refused = [body for status, body in answers if status == 409]
    assert len(placed) == UNITS, answers
    assert len(refused) == SHOPPERS - UNITS, answers
    assert all(body["code"] == "out_of_stock" and body["message"] for body in refused)
    assert Order.objects.filter(lines__stockrecord=record).count() == UNITS
    record.refresh_from_db()
    assert record.num_allocated == UNITS
    assert record.num_in_stock - record.num_allocated == 0
