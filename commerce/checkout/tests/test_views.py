"""Storefront checkout with the sandbox payment, as a guest and as a customer."""

import pytest
from django.core import mail
from django.utils.html import escape
from oscar.core.loading import get_model

from commerce.order import statuses
from testkit.factories.basket import basket_add
from testkit.factories.checkout import expected_total, guest_reaches_payment, storefront_checkout
from testkit.factories.partner import stocked_stockrecord

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
    assert response.redirect_chain[-1][0].endswith("/checkout/thank-you/")
    assert order.number in response.content.decode()
    assert order.status == statuses.PAID
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
    # The confirmation, then the payment receipt, both to the guest.
    assert [m.to for m in mail.outbox] == [["guest@example.org"]] * 2
    assert [m.subject for m in mail.outbox] == [
        f"Nexus Commerce: order {order.number} received",
        f"Nexus Commerce: payment received for order {order.number}",
    ]


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
    assert {tuple(m.to) for m in mail.outbox} == {("customer@example.com",)}
    assert order.messages.filter(status="sent").count() == 2
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


def test_a_declined_payment_gives_the_basket_back(client, django_capture_on_commit_callbacks):
    record = stocked_stockrecord(minimum=2)
    allocated_before = record.num_allocated or 0
    basket_add(client, product=record.product, quantity=2)

    with django_capture_on_commit_callbacks(execute=True):
        response = storefront_checkout(
            client, guest_email="declined@example.org", decision="decline"
        )

    assert response.redirect_chain[-1][0].endswith("/basket/")
    assert "declined" in response.content.decode()
    order = Order.objects.get()
    assert order.status == statuses.PAYMENT_FAILED
    record.refresh_from_db()
    assert record.num_allocated == allocated_before
    basket = response.context["basket"]
    assert [(line.product_id, line.quantity) for line in basket.all_lines()] == [
        (record.product_id, 2)
    ]
    assert [m.subject for m in mail.outbox][-1] == (
        f"Nexus Commerce: payment failed for order {order.number}"
    )


def test_a_basket_given_back_after_a_decline_can_be_checked_out_again(
    client, django_capture_on_commit_callbacks
):
    record = stocked_stockrecord(minimum=2)
    basket_add(client, product=record.product, quantity=2)
    with django_capture_on_commit_callbacks(execute=True):
        storefront_checkout(client, guest_email="retry@example.org", decision="decline")

    with django_capture_on_commit_callbacks(execute=True):
        response = storefront_checkout(client, guest_email="retry@example.org")

    failed, paid = Order.objects.order_by("pk")
    assert failed.status == statuses.PAYMENT_FAILED
    assert paid.status == statuses.PAID
    assert [(line.product_id, line.quantity) for line in paid.lines.all()] == [
        (record.product_id, 2)
    ]
    assert response.context["order"] == paid


def test_an_abandoned_payment_cancels_the_order(client, django_capture_on_commit_callbacks):
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = storefront_checkout(client, guest_email="gone@example.org", decision="abandon")
    assert response.redirect_chain[-1][0].endswith("/basket/")
    assert Order.objects.get().status == statuses.CANCELLED
    assert response.context["basket"].num_items == 1


def test_stock_gone_at_the_last_step_sends_the_shopper_back_to_the_basket(
    client, django_capture_on_commit_callbacks
):
    record = stocked_stockrecord(minimum=2)
    basket_add(client, product=record.product, quantity=2)
    guest_reaches_payment(client, email="late@example.org")
    type(record).objects.filter(pk=record.pk).update(num_allocated=record.num_in_stock - 1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/checkout/preview/", {"action": "place_order"}, follow=True)

    assert response.redirect_chain[-1][0].endswith("/basket/")
    assert not Order.objects.exists()
    assert record.product.get_title() in response.content.decode()


def test_the_status_page_waits_while_the_provider_has_not_answered(
    client, django_capture_on_commit_callbacks
):
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)
    guest_reaches_payment(client, email="slow@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/checkout/preview/", {"action": "place_order"})
    order = Order.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(f"/en/checkout/payment/{order.number}/return/", follow=True)

    assert response.status_code == 200
    assert 'http-equiv="refresh"' in response.content.decode()
    assert 'id="payment-pending"' in response.content.decode()
    assert order.number in response.content.decode()
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT


def test_the_status_page_shows_nothing_about_someone_elses_order(
    client, django_capture_on_commit_callbacks
):
    from testkit.factories.order import order_place

    order = order_place()
    response = client.get(f"/en/checkout/payment/{order.number}/")
    assert response.status_code == 200
    assert 'id="payment-pending"' not in response.content.decode()
    assert f"order {order.number}" not in response.content.decode()


def test_with_two_providers_the_shopper_must_choose(client, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_fake"
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)
    guest_reaches_payment(client, email="choose@example.org")

    page = client.get("/en/checkout/payment-details/")
    assert "Card (Stripe)" in page.content.decode() and "Sandbox" in page.content.decode()
    response = client.post("/en/checkout/preview/", {"action": "place_order"})

    assert response.status_code == 302
    assert response["Location"].endswith("/checkout/payment-details/")
    assert not Order.objects.exists()


def test_the_only_provider_comes_chosen(client):
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)
    guest_reaches_payment(client, email="one@example.org")
    page = client.get("/en/checkout/payment-details/")
    assert page.context["payment_form"]["method"].value() == "sandbox"


def test_production_checkout_does_not_offer_the_sandbox(client, settings):
    """The sandbox approves any payment: with DEBUG off and no opt-in it is not a choice."""
    settings.DEBUG = False
    settings.PAYMENT_SANDBOX_ENABLED = False
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_fake"
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)
    guest_reaches_payment(client, email="prod@example.org")

    page = client.get("/en/checkout/payment-details/")
    # A shopper who forges the choice gets the form back with an error.
    response = client.post("/en/checkout/preview/", {"method": "sandbox"})

    assert page.status_code == 200
    assert "Card (Stripe)" in page.content.decode()
    assert "Sandbox" not in page.content.decode()
    assert page.context["payment_form"]["method"].value() == "stripe"
    assert response.status_code == 200
    assert "method" in response.context["payment_form"].errors
    assert not Order.objects.exists()


def test_a_provider_that_cannot_open_the_payment_gives_the_basket_back(client, monkeypatch):
    from commerce.checkout import services
    from commerce.payment.interface import PaymentProviderError

    def provider_down(**kwargs):
        raise PaymentProviderError("the provider timed out")

    monkeypatch.setattr(services, "payment_start", provider_down)
    record = stocked_stockrecord(minimum=1)
    basket_add(client, product=record.product, quantity=1)
    guest_reaches_payment(client, email="unreachable@example.org")

    response = client.post("/en/checkout/preview/", {"action": "place_order"}, follow=True)

    assert response.redirect_chain[-1][0].endswith("/basket/")
    assert "We could not reach the payment provider" in response.content.decode()
    assert Order.objects.get().status == statuses.PAYMENT_FAILED
    assert response.context["basket"].num_items == 1
