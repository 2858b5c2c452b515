"""The customer's orders in the API: /api/account/orders/ and django-oscar-api's /api/orders/."""

import json

import pytest
from oscar.core.loading import get_model

from commerce.order import services, statuses
from commerce.payment.sandbox.services import sandbox_payment_decide
from testkit.factories.order import order_place, sandbox_payment_open
from testkit.transactions import committed

pytestmark = pytest.mark.django_db

User = get_model("auth", "User")
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")

LIST_URL = "/api/account/orders/"


def paid_order(**kwargs):
    order = order_place(**kwargs)
    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision="approve"
        )
    order.refresh_from_db()
    return order


@pytest.fixture
def customer():
    return User.objects.get(email="customer@example.com")


@pytest.fixture
def other_customer():
    return User.objects.create_user(
        username="other-api-customer", email="other@example.org", password="x-secret-42"
    )


@pytest.fixture
def shipped_order(customer):
    """Paid, moved to Processing by a merchandiser with a note, then shipped with tracking."""
    staff = User.objects.get(email="merchandiser@example.com")
    order = paid_order(user=customer)
    country = Country.objects.filter(iso_3166_1_a2="FR").first() or Country.objects.create(
        iso_3166_1_a2="FR", name="France", is_shipping_country=True
    )
    order.shipping_address = ShippingAddress.objects.create(
        first_name="Amina", last_name="Diallo", line1="12 rue des Lilas", line4="Lyon",
        postcode="69001", country=country,
    )  # fmt: skip
    order.save(update_fields=["shipping_address"])
    services.order_status_change(
        order_id=order.pk, new_status=statuses.PROCESSING, user=staff, note="Picking"
    )
    services.order_ship(order_id=order.pk, carrier="DHL", tracking_number="JD014600", user=staff)
    order.refresh_from_db()
    return order


def test_the_list_shows_the_callers_orders_newest_first(client, customer, other_customer):
    first = order_place(user=customer)
    second = order_place(user=customer)
    order_place(user=other_customer)
    client.force_login(customer)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body)
    numbers = [o["number"] for o in body["results"]]
    assert numbers.index(str(second.number)) < numbers.index(str(first.number))
    assert body["count"] == customer.orders.count() == len(numbers)
    item = body["results"][numbers.index(str(second.number))]
    assert item["status"] == statuses.PENDING_PAYMENT
    assert item["total"] == str(second.total_incl_tax) and item["currency"] == second.currency
    assert item["date_placed"]
    assert item["url"] == f"http://testserver/api/account/orders/{second.number}/"


def test_the_list_is_paginated(client, customer, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    order_place(user=customer)
    order_place(user=customer)
    client.force_login(customer)

    body = client.get(LIST_URL).json()

    assert len(body["results"]) == 1 and body["next"].endswith("?page=2")


def test_the_detail_shows_lines_totals_shipping_payment_and_history(
    client, customer, shipped_order
):
    client.force_login(customer)

    response = client.get(f"{LIST_URL}{shipped_order.number}/")

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == shipped_order.number and body["status"] == statuses.SHIPPED
    [line] = body["lines"]
    order_line = shipped_order.lines.get()
    assert line["title"] == order_line.title and line["quantity"] == order_line.quantity
    assert line["line_price_incl_tax"] == str(order_line.line_price_incl_tax)
    assert body["totals"]["total_incl_tax"] == str(shipped_order.total_incl_tax)
    assert body["totals"]["lines_incl_tax"] == str(shipped_order.basket_total_incl_tax)
    assert body["shipping_address"]["line4"] == "Lyon"
    assert body["shipping_address"]["country"] == "FR"
    [event] = body["shipping_events"]
    assert event["carrier"] == "DHL" and event["tracking_number"] == "JD014600"
    assert body["payment"]["status"] == "paid"
    assert body["payment"]["amount_paid"] == str(shipped_order.total_incl_tax)
    history = body["status_history"]
    assert [(h["from"], h["to"]) for h in history] == [
        (statuses.PENDING_PAYMENT, statuses.PAID),
        (statuses.PAID, statuses.PROCESSING),
        (statuses.PROCESSING, statuses.SHIPPED),
    ]
    assert history[1]["note"] == "Picking" and history[1]["at"]
    assert set(history[1]) == {"from", "to", "at", "note"}
    # Who made a change stays with the staff: no names, no e-mail addresses.
    assert "merchandiser" not in json.dumps(body).lower()


def test_an_unpaid_order_shows_its_payment_pending(client, customer):
    order = order_place(user=customer)
    sandbox_payment_open(order=order)
    client.force_login(customer)

    body = client.get(f"{LIST_URL}{order.number}/").json()

    assert body["payment"]["status"] == "pending" and body["payment"]["amount_paid"] == "0.00"
    assert body["shipping_address"] is None and body["status_history"] == []


def test_another_customers_order_is_not_found(client, other_customer, shipped_order):
    client.force_login(other_customer)

    response = client.get(f"{LIST_URL}{shipped_order.number}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client.get(LIST_URL).json()["count"] == 0


def test_an_unknown_number_is_not_found(client, customer):
    client.force_login(customer)
    assert client.get(f"{LIST_URL}no-such-order/").status_code == 404


@pytest.mark.parametrize("path", ["", "100001/"])
def test_anonymous_callers_are_refused(client, path):
    response = client.get(f"{LIST_URL}{path}")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_oscarapi_orders_lists_only_the_callers_orders(client, customer, other_customer):
    mine = order_place(user=customer)
    theirs = order_place(user=other_customer)

    client.force_login(customer)
    numbers = [o["number"] for o in client.get("/api/orders/").json()["results"]]
    assert str(mine.number) in numbers and str(theirs.number) not in numbers

    client.force_login(other_customer)
    numbers = [o["number"] for o in client.get("/api/orders/").json()["results"]]
    assert numbers == [str(theirs.number)]

    client.logout()
    assert client.get("/api/orders/").status_code in (401, 403)
