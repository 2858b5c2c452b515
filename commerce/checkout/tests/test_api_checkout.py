"""``POST /api/checkout/``: retries with Idempotency-Key, prices from the server only, baskets
that are not yours, and stock that ran out."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.payment.sandbox.models import SandboxPayment
from testkit.factories.checkout import SHIPPING_ADDRESS, expected_total
from testkit.factories.partner import stocked_stockrecord

Order = get_model("order", "Order")
User = get_model("auth", "User")

pytestmark = pytest.mark.django_db


def basket_fill(client, *, product, quantity: int) -> str:
    basket = client.get("/api/basket/")
    added = client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
        content_type="application/json",
    )
    assert added.status_code == 200, added.content
    return basket.json()["url"]


def checkout_body(basket_url: str, **extra) -> dict:
    return {
        "basket": basket_url,
        "guest_email": "api-buyer@example.org",
        "shipping_method_code": "standard",
        "shipping_address": {
            **{k: v for k, v in SHIPPING_ADDRESS.items() if k != "country"},
            "country": "http://testserver/api/countries/FR/",
        },
        **extra,
    }


def checkout_post(client, body, *, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/checkout/", body, content_type="application/json", headers=headers)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_retry_with_the_same_key_returns_the_same_order(client, committed):
    record = stocked_stockrecord(minimum=2)
    allocated_before = record.num_allocated or 0
    body = checkout_body(basket_fill(client, product=record.product, quantity=2))

    with committed():
        first = checkout_post(client, body, key="checkout-7f3a")
    with committed():
        retry = checkout_post(client, body, key="checkout-7f3a")

    assert first.status_code == 201, first.content
    assert first.json()["status"] == statuses.PENDING_PAYMENT
    assert first.json()["payment"]["redirect_url"].startswith("http://testserver/payments/sandbox/")
    assert retry.status_code == 201, retry.content
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json()
    assert Order.objects.count() == 1  # no second order
    record.refresh_from_db()
    assert record.num_allocated == allocated_before + 2  # no second allocation
    assert SandboxPayment.objects.count() == 1  # no second charge


def test_the_same_key_with_another_body_gets_422(client, committed):
    record = stocked_stockrecord(minimum=2)
    body = checkout_body(basket_fill(client, product=record.product, quantity=1))
    with committed():
        assert checkout_post(client, body, key="k-1").status_code == 201

    changed = {**body, "shipping_method_code": "express"}
    response = checkout_post(client, changed, key="k-1")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_without_a_key_each_request_is_new(client, committed):
    record = stocked_stockrecord(minimum=2)
    body = checkout_body(basket_fill(client, product=record.product, quantity=1))
    with committed():
        assert checkout_post(client, body).status_code == 201
    # The basket is checked out: a second order cannot be placed from it.
    response = checkout_post(client, body)
    assert response.status_code == 409
    assert response.json()["code"] == "basket_checked_out"
    assert Order.objects.count() == 1


def test_prices_totals_and_discounts_sent_by_the_client_are_ignored(client, committed):
    record = stocked_stockrecord(minimum=1)
    body = checkout_body(
        basket_fill(client, product=record.product, quantity=1),
        lines=[{"product": record.product.pk, "price": "0.01", "quantity": 1}],
        discount="999.00",
        price="0.01",
        total_incl_tax="0.01",
    )
    with committed():
        response = checkout_post(client, body)

    assert response.status_code == 201, response.content
    order = Order.objects.get()
    assert order.total_incl_tax == expected_total(
        price=record.price, quantity=1, method_code="standard"
    )
    assert order.total_discount_incl_tax == 0
    assert SandboxPayment.objects.get().amount == order.total_incl_tax


@pytest.mark.parametrize(
    "tampered",
    [
        {"total": "0.01"},
        {"shipping_charge": {"currency": "EUR", "excl_tax": "123.45", "tax": "0.00"}},
    ],
    ids=["total", "shipping-charge"],
)
def test_a_total_or_shipping_charge_that_disagrees_is_refused(client, tampered):
    record = stocked_stockrecord(minimum=1)
    body = checkout_body(basket_fill(client, product=record.product, quantity=1), **tampered)

    response = checkout_post(client, body)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert response.json()["errors"]
    assert not Order.objects.exists()


def test_another_customers_basket_is_refused(client, django_user_model):
    owner = User.objects.get(email="customer@example.com")
    client.force_login(owner)
    record = stocked_stockrecord(minimum=1)
    basket_url = basket_fill(client, product=record.product, quantity=1)
    client.logout()

    intruder = django_user_model.objects.create_user(
        username="intruder", email="intruder@example.org", password="x-intruder-1"
    )
    client.force_login(intruder)
    response = checkout_post(client, checkout_body(basket_url))

    assert response.status_code == 403
    assert not Order.objects.exists()


def test_an_anonymous_caller_cannot_check_out_a_customers_basket(client):
    owner = User.objects.get(email="customer@example.com")
    client.force_login(owner)
    record = stocked_stockrecord(minimum=1)
    basket_url = basket_fill(client, product=record.product, quantity=1)
    client.logout()

    response = checkout_post(client, checkout_body(basket_url), key="steal")

    assert response.status_code == 403
    assert not Order.objects.exists()


def test_stock_that_ran_out_gets_409_and_no_order(client):
    record = stocked_stockrecord(minimum=2)
    body = checkout_body(basket_fill(client, product=record.product, quantity=2))
    # Someone else bought all but one unit after this basket was filled.
    type(record).objects.filter(pk=record.pk).update(num_allocated=record.num_in_stock - 1)

    response = checkout_post(client, body)

    assert response.status_code == 409, response.content
    assert response.json()["code"] == "out_of_stock"
    assert not Order.objects.exists()
    record.refresh_from_db()
    assert record.num_allocated == record.num_in_stock - 1


def test_an_unknown_payment_method_is_a_field_error(client):
    record = stocked_stockrecord(minimum=1)
    body = checkout_body(
        basket_fill(client, product=record.product, quantity=1), payment_method="paypal"
    )
    response = checkout_post(client, body)
    assert response.status_code == 400
    assert "payment_method" in response.json()["errors"]
    assert Decimal("0") == sum(o.total_incl_tax for o in Order.objects.all())


def test_the_order_links_back_to_its_payment_for_its_owner_only(client, committed):
    record = stocked_stockrecord(minimum=1)
    body = checkout_body(basket_fill(client, product=record.product, quantity=1))
    with committed():
        placed = checkout_post(client, body).json()

    response = client.get(placed["payment_url"])
    assert response.status_code == 302
    assert response["Location"] == placed["payment"]["redirect_url"]

    stranger = client_class()
    assert stranger.get(placed["payment_url"]).status_code == 404


def test_a_paid_order_has_no_payment_to_resume(client, committed):
    record = stocked_stockrecord(minimum=1)
    body = checkout_body(basket_fill(client, product=record.product, quantity=1))
    with committed():
        placed = checkout_post(client, body).json()
    with committed():
        client.post(placed["payment"]["redirect_url"], {"decision": "approve"})

    response = client.get(placed["payment_url"])
    assert response.status_code == 409
    assert response.json()["code"] == "not_awaiting_payment"


def client_class():
    from django.test import Client

    return Client()


def test_oscarapi_post_checkout_is_sent_once_per_order_placed(client, committed):
    from oscarapi.signals import oscarapi_post_checkout

    sent = []

    def announced(sender, order, user, request, response, **kwargs):
        sent.append((order.pk, user, response.status_code))

    oscarapi_post_checkout.connect(announced)
    try:
        record = stocked_stockrecord(minimum=1)
        body = checkout_body(basket_fill(client, product=record.product, quantity=1))
        with committed():
            first = checkout_post(client, body, key="announce-1")
        with committed():
            retry = checkout_post(client, body, key="announce-1")
    finally:
        oscarapi_post_checkout.disconnect(announced)

    order = Order.objects.get(number=first.json()["number"])
    assert retry["Idempotent-Replayed"] == "true"
    # As django-oscar-api sends it; the replay returns an order already announced.
    assert len(sent) == 1
    assert sent[0][0] == order.pk and sent[0][2] == 201
    assert not sent[0][1].is_authenticated


def test_a_provider_that_cannot_open_the_payment_gets_502_and_fails_the_order(client, monkeypatch):
    from commerce.checkout import services
    from commerce.payment.interface import PaymentProviderError

    def provider_down(**kwargs):
        raise PaymentProviderError("the provider timed out")

    monkeypatch.setattr(services, "payment_start", provider_down)
    record = stocked_stockrecord(minimum=1)
    allocated_before = record.num_allocated or 0
    body = checkout_body(basket_fill(client, product=record.product, quantity=1))

    response = checkout_post(client, body)

    assert response.status_code == 502
    assert response.json() == {
        "code": "payment_unavailable",
        "message": "The payment provider could not be reached; no payment was taken.",
        "errors": {},
    }
    order = Order.objects.get()
    assert order.status == statuses.PAYMENT_FAILED
    record.refresh_from_db()
    assert (record.num_allocated or 0) == allocated_before
