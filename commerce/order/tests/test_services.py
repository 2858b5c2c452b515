"""The order pipeline: allowed moves, who and when, and the stock that moves with them."""

import pytest
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_model

from commerce.order import services, statuses
from commerce.payment.sandbox.services import sandbox_payment_decide
from testkit.factories.order import order_place, sandbox_payment_open
from testkit.transactions import committed

Order = get_model("order", "Order")
User = get_model("auth", "User")
StockMovement = get_model("partner", "StockMovement")

pytestmark = pytest.mark.django_db


def _stock(order):
    record = order.lines.get().stockrecord
    record.refresh_from_db()
    return record.num_in_stock, record.num_allocated


def test_a_placed_order_waits_for_payment_with_its_stock_allocated():
    order = order_place(quantity=2)
    assert order.status == statuses.PENDING_PAYMENT
    line = order.lines.get()
    assert line.num_allocated == 2
    movement = StockMovement.objects.filter(order=order).get()
    assert movement.quantity == 2 and movement.stockrecord_id == line.stockrecord_id


def test_moves_outside_the_pipeline_are_refused_and_change_nothing():
    order = order_place()
    with pytest.raises(InvalidOrderStatus):
        services.order_status_change(order_id=order.pk, new_status=statuses.SHIPPED)
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT
    assert not order.status_changes.exists()


def test_every_change_records_who_when_and_why():
    staff = User.objects.get(email="merchandiser@example.com")
    order = order_place()
    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision="approve"
        )
    services.order_status_change(
        order_id=order.pk, new_status=statuses.PROCESSING, user=staff, note="Picking"
    )
    changes = list(order.status_changes.order_by("pk"))
    assert [(c.old_status, c.new_status) for c in changes] == [
        (statuses.PENDING_PAYMENT, statuses.PAID),
        (statuses.PAID, statuses.PROCESSING),
    ]
    assert changes[0].changed_by is None  # the payment verification, not a person
    assert changes[1].changed_by == staff and changes[1].note == "Picking"
    assert changes[1].date_created is not None


def test_closing_an_order_releases_its_allocation_once():
    order = order_place(quantity=2)
    in_stock, allocated = _stock(order)
    services.order_status_change(order_id=order.pk, new_status=statuses.CANCELLED, note="Gone")
    services.order_status_change(order_id=order.pk, new_status=statuses.CANCELLED)  # repeated
    assert _stock(order) == (in_stock, allocated - 2)
    line = order.lines.get()
    assert (line.num_allocated, line.allocation_cancelled) == (0, True)
    assert order.status_changes.count() == 1


def test_shipping_needs_a_carrier_and_tracking_number_and_consumes_stock():
    staff = User.objects.get(email="merchandiser@example.com")
    order = order_place(quantity=1)
    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision="approve"
        )
    with pytest.raises(ValueError):
        services.order_ship(order_id=order.pk, carrier="DHL", tracking_number=" ", user=staff)
    in_stock, allocated = _stock(order)

    services.order_ship(order_id=order.pk, carrier="DHL", tracking_number="JD0123", user=staff)

    order.refresh_from_db()
    assert order.status == statuses.SHIPPED
    assert _stock(order) == (in_stock - 1, allocated - 1)
    event = order.shipping_events.get()
    assert (event.carrier, event.tracking_number) == ("DHL", "JD0123")
    services.order_status_change(order_id=order.pk, new_status=statuses.DELIVERED, user=staff)
    assert Order.objects.get(pk=order.pk).status == statuses.DELIVERED


def test_the_dashboard_status_menu_offers_only_manual_moves():
    order = order_place()
    assert set(order.available_statuses()) == {statuses.CANCELLED}
