"""Merchandisers ship, cancel and refund from the Oscar dashboard; customers see the history."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.payment.sandbox.services import sandbox_payment_decide
from testkit.factories.order import order_place, sandbox_payment_open
from testkit.transactions import committed

Order = get_model("order", "Order")
User = get_model("auth", "User")

pytestmark = pytest.mark.django_db


@pytest.fixture
def merchandiser(client):
    user = User.objects.get(email="merchandiser@example.com")
    client.force_login(user)
    return user


def paid_order(**kwargs):
    order = order_place(**kwargs)
    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision="approve"
        )
    order.refresh_from_db()
    return order


def post(client, url, data):
    with committed():
        return client.post(url, data, follow=True)


def test_the_order_page_offers_ship_refund_and_cancel_with_the_history(client, merchandiser):
    order = paid_order()
    page = client.get(f"/dashboard/orders/{order.number}/")
    assert page.status_code == 200
    html = page.content.decode()
    for form_id in ("order-ship-form", "order-refund-form", "order-cancel-form"):
        assert form_id in html
    assert "order-status-history" in html and statuses.PAID in html


def test_shipping_from_the_dashboard(client, merchandiser):
    order = paid_order()
    response = post(
        client,
        f"/dashboard/orders/{order.number}/ship/",
        {"carrier": "Colissimo", "tracking_number": "6A123456789"},
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == statuses.SHIPPED
    change = order.status_changes.get(new_status=statuses.SHIPPED)
    assert change.changed_by == merchandiser
    assert "6A123456789" in response.content.decode()


def test_shipping_without_a_tracking_number_is_refused(client, merchandiser):
    order = paid_order()
    response = post(client, f"/dashboard/orders/{order.number}/ship/", {"carrier": "DHL"})
    assert "Tracking number" in response.content.decode()
    order.refresh_from_db()
    assert order.status == statuses.PAID


def test_partial_refund_from_the_dashboard(client, merchandiser):
    order = paid_order()
    response = post(
        client, f"/dashboard/orders/{order.number}/refund/", {"amount": "5.00", "reason": "Late"}
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == statuses.PARTIALLY_REFUNDED
    assert order.sources.get().amount_refunded == Decimal("5.00")


def test_a_refund_above_what_was_paid_is_refused_with_a_message(client, merchandiser):
    order = paid_order()
    too_much = order.total_incl_tax + Decimal("1.00")
    response = post(client, f"/dashboard/orders/{order.number}/refund/", {"amount": str(too_much)})
    assert "At most" in response.content.decode()
    order.refresh_from_db()
    assert order.status == statuses.PAID
    assert order.sources.get().amount_refunded == 0


def test_cancelling_from_the_dashboard_releases_stock_and_refunds(client, merchandiser):
    order = paid_order(quantity=1)
    record = order.lines.get().stockrecord
    record.refresh_from_db()
    allocated = record.num_allocated
    post(client, f"/dashboard/orders/{order.number}/cancel/", {"note": "Customer request"})
    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert record.num_allocated == allocated - 1
    assert order.sources.get().amount_refunded == order.total_incl_tax


def test_oscars_status_menu_goes_through_the_pipeline(client, merchandiser):
    order = paid_order()
    response = post(
        client,
        f"/dashboard/orders/{order.number}/",
        {"order_action": "change_order_status", "new_status": statuses.PROCESSING},
    )
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == statuses.PROCESSING
    assert order.status_changes.get(new_status=statuses.PROCESSING).changed_by == merchandiser


def test_customers_and_editors_cannot_use_the_actions(client):
    order = paid_order()
    for email in ("customer@example.com", "editor@example.com"):
        client.force_login(User.objects.get(email=email))
        response = client.post(f"/dashboard/orders/{order.number}/refund/", {"amount": "1.00"})
        assert response.status_code in (302, 403)
    order.refresh_from_db()
    assert order.status == statuses.PAID
    assert order.sources.get().amount_refunded == 0


def test_the_customer_sees_the_status_history_and_tracking(client):
    customer = User.objects.get(email="customer@example.com")
    order = paid_order(user=customer)
    from commerce.order.services import order_ship

    order_ship(order_id=order.pk, carrier="DHL", tracking_number="JD014600")
    client.force_login(customer)
    page = client.get(f"/en/accounts/orders/{order.number}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "order-status-history" in html
    assert statuses.PAID in html and statuses.SHIPPED in html
    assert "JD014600" in html
