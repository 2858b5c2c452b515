"""Storefront checkout with the sandbox payment, as a guest and as a customer."""

import pytest
from django.core import mail
from django.utils.html import escape
from oscar.core.loading import get_model

from commerce.checkout.tests.helpers import (
    basket_add,
    expected_total,
    stocked_stockrecord,
    storefront_checkout,
)

Order = get_model("order", "Order")
User = get_model("auth", "User")

pytestmark = pytest.mark.django_db


def test_guest_checkout_places_a_paid_order_with_allocated_stock(
    client, django_capture_on_commit_callbacks
):
    record = stocked_stockrecord(minimum=2)
    allocated_before = record.num_allocated or 0
    basket_add(client, product=record.product, quantity=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = storefront_checkout(client, guest_email="guest@example.org")

    order = Order.objects.get()
    assert response.status_code == 200
    assert order.number in response.content.decode()
    assert order.guest_email == "guest@example.org" and order.user is None
    assert order.total_incl_tax == expected_total(
        price=record.price, quantity=2, method_code="standard"
    )
    assert order.currency == record.price_currency
    record.refresh_from_db()
    assert record.num_allocated == allocated_before + 2
    source = order.sources.get()
    assert source.source_type.code == "sandbox"
    assert source.amount_debited == order.total_incl_tax
    assert [m.to for m in mail.outbox] == [["guest@example.org"]]
    assert order.number in mail.outbox[0].subject + mail.outbox[0].body


def test_customer_checkout_appears_in_order_history(client, django_capture_on_commit_callbacks):
    customer = User.objects.get(email="customer@example.com")
    client.force_login(customer)
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)

    with django_capture_on_commit_callbacks(execute=True):
        storefront_checkout(client, guest_email=None, method_code="express")

    order = Order.objects.get()
    assert order.user == customer
    assert order.total_incl_tax == expected_total(
        price=record.price, quantity=1, method_code="express"
    )
    assert [m.to for m in mail.outbox] == [["customer@example.com"]]
    history = client.get("/en/accounts/orders/")
    assert history.status_code == 200
    assert order.number in history.content.decode()
    detail = client.get(f"/en/accounts/orders/{order.number}/")
    assert detail.status_code == 200
    assert escape(record.product.get_title()) in detail.content.decode()


def test_storefront_pages_render(client):
    record = stocked_stockrecord(minimum=1)
    product = record.product
    catalogue = client.get("/en/catalogue/")
    assert catalogue.status_code == 200
    category = product.get_categories().first() or (
        product.parent.get_categories().first() if product.parent else None
    )
    assert category is not None
    category_page = client.get(category.get_absolute_url())
    assert category_page.status_code == 200
    detail = client.get(product.get_absolute_url())
    assert detail.status_code == 200
    assert escape(product.get_title()) in detail.content.decode()


def test_unprefixed_storefront_path_redirects_to_the_language(client):
    response = client.get("/catalogue/")
    assert response.status_code == 302
    assert response["Location"] == "/en/catalogue/"
