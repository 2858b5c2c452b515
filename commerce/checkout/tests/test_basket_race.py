"""One basket, one order: two checkouts of the same basket, at once or one after the other, give
one order and a 409 (API) or a message (storefront), never a 500 or a second order."""

import threading
from concurrent.futures import ThreadPoolExecutor
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from commerce.checkout.tests.test_api_checkout import basket_fill, checkout_body, checkout_post
from commerce.order.utils import OrderCreator
from testkit.factories.basket import basket_add
from testkit.factories.checkout import SHIPPING_ADDRESS
from testkit.factories.partner import stocked_stockrecord
from testkit.transactions import committed

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


@pytest.mark.django_db(transaction=True)
def test_two_parallel_api_checkouts_of_one_basket_place_one_order(demo):
    record = stocked_stockrecord(minimum=1)
    shopper = Client()
    body = checkout_body(basket_fill(shopper, product=record.product, quantity=1))
    start = threading.Barrier(2, timeout=60)

    def checkout(_index):
        tab = Client()
        tab.cookies = shopper.cookies  # the same session, so the same basket
        try:
            start.wait()
            response = checkout_post(tab, body)
            return response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(checkout, range(2)))

    statuses = sorted(status for status, _body in answers)
    refused = [body for status, body in answers if status == 409]
    assert all(body["code"] == "basket_checked_out" and body["message"] for body in refused)
    if connection.vendor == "postgresql":
        # The basket's row lock makes the second wait for the first, then refuse.
        assert statuses == [201, 409], answers
        assert Order.objects.count() == 1
    else:
        # SQLite cannot lock a row: the loser may be told "database is locked", as a 409.
        assert set(statuses) <= {201, 409} and statuses.count(201) <= 1, answers
        assert Order.objects.count() == statuses.count(201)


@pytest.mark.django_db
def test_a_second_api_checkout_of_a_checked_out_basket_gets_409(client):
    record = stocked_stockrecord(minimum=1)
    body = checkout_body(basket_fill(client, product=record.product, quantity=1))
    with committed():
        assert checkout_post(client, body).status_code == 201

    response = checkout_post(client, body)

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "basket_checked_out"
    assert Order.objects.count() == 1


@pytest.mark.django_db
def test_a_locked_sqlite_database_during_checkout_gets_409(client):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's 'database is locked'")
    record = stocked_stockrecord(minimum=1)
    body = checkout_body(basket_fill(client, product=record.product, quantity=1))

    with mock.patch.object(
        OrderCreator, "place_order", side_effect=OperationalError("database is locked")
    ):
        response = checkout_post(client, body)

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "basket_checked_out"
    assert not Order.objects.exists()


@pytest.mark.django_db
def test_a_storefront_basket_placed_meanwhile_by_another_request_gets_a_message(client):
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)
    client.post(reverse("checkout:index"), {"username": "tabs@example.org", "options": "anonymous"})
    client.post(reverse("checkout:shipping-address"), SHIPPING_ADDRESS)
    client.post(reverse("checkout:shipping-method"), {"method_code": "standard"})
    assert client.post(reverse("checkout:preview"), {"method": "sandbox"}).status_code == 200
    # Another tab of the same shopper places the order for this basket first.
    basket = Basket.objects.filter(status=Basket.OPEN).latest("pk")
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    method = get_class("shipping.methods", "Free")()
    charge = method.calculate(basket)
    total = get_class("checkout.calculators", "OrderTotalCalculator")().calculate(basket, charge)
    OrderCreator().place_order(
        basket=basket, total=total, shipping_method=method, shipping_charge=charge
    )

    with committed():
        response = client.post(reverse("checkout:preview"), {"action": "place_order"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(reverse("basket:summary"))
    assert "already been checked out" in response.content.decode()
    assert Order.objects.filter(basket=basket).count() == 1
