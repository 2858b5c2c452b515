"""Headless checkout through django-oscar-api: basket, add product, checkout, order."""

import pytest
from django.core import mail
from oscar.core.loading import get_model

from testkit.factories.checkout import SHIPPING_ADDRESS, expected_total
from testkit.factories.partner import stocked_stockrecord

Order = get_model("order", "Order")
User = get_model("auth", "User")

pytestmark = pytest.mark.django_db


def api_checkout(
    client, *, product, quantity: int, guest_email: str | None, extra=None, headers=None
):
    basket = client.get("/api/basket/")
    assert basket.status_code == 200, basket.content
    added = client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
        content_type="application/json",
    )
    assert added.status_code == 200, added.content
    payload = {
        "basket": basket.json()["url"],
        "shipping_method_code": "standard",
        "shipping_address": {
            **{k: v for k, v in SHIPPING_ADDRESS.items() if k != "country"},
            "country": "http://testserver/api/countries/FR/",
        },
    }
    if guest_email:
        payload["guest_email"] = guest_email
    payload.update(extra or {})
    return client.post(
        "/api/checkout/", payload, content_type="application/json", headers=headers or {}
    )


def test_api_guest_checkout_places_an_order_with_allocated_stock(
    client, django_capture_on_commit_callbacks
):
    record = stocked_stockrecord(minimum=3)
    allocated_before = record.num_allocated or 0

    with django_capture_on_commit_callbacks(execute=True):
        response = api_checkout(
            client, product=record.product, quantity=3, guest_email="api-guest@example.org"
        )

    assert response.status_code == 201, response.content
    order = Order.objects.get(number=response.json()["number"])
    assert order.total_incl_tax == expected_total(
        price=record.price, quantity=3, method_code="standard"
    )
    assert response.json()["total_incl_tax"] == str(order.total_incl_tax)
    record.refresh_from_db()
    assert record.num_allocated == allocated_before + 3
    assert [m.to for m in mail.outbox] == [["api-guest@example.org"]]


def test_api_customer_login_checkout_and_order_list(client, django_capture_on_commit_callbacks):
    login = client.post(
        "/api/login/",
        {"username": "customer@example.com", "password": "nexus-demo"},
        content_type="application/json",
    )
    assert login.status_code == 200, login.content
    record = stocked_stockrecord(minimum=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_checkout(client, product=record.product, quantity=1, guest_email=None)

    assert response.status_code == 201, response.content
    order = Order.objects.get(number=response.json()["number"])
    assert order.user == User.objects.get(email="customer@example.com")
    orders = client.get("/api/orders/")
    assert orders.status_code == 200
    assert [o["number"] for o in orders.json()["results"]] == [order.number]


def test_api_lists_demo_products(client):
    response = client.get("/api/products/")
    assert response.status_code == 200
    assert response.json()["count"] >= 60
