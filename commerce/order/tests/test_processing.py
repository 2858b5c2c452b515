"""Oscar's order event handler: status moves and line-by-line stock calls reach our services."""

import pytest
from oscar.apps.partner.exceptions import InvalidStockAdjustment
from oscar.core.loading import get_class, get_model

from commerce.order import statuses
from testkit.factories.order import order_place
from testkit.transactions import committed

EventHandler = get_class("order.processing", "EventHandler")
StockMovement = get_model("partner", "StockMovement")
User = get_model("auth", "User")

pytestmark = pytest.mark.django_db


def _levels(order):
    line = order.lines.get()
    line.refresh_from_db()
    record = line.stockrecord
    record.refresh_from_db()
    return line.num_allocated, record.num_in_stock, record.num_allocated


@pytest.fixture
def staff():
    return User.objects.get(email="merchandiser@example.com")


def test_oscar_loads_our_event_handler():
    from commerce.order.processing import EventHandler as Ours

    assert EventHandler is Ours


def test_the_status_menu_cancel_goes_through_the_cancel_action(staff):
    order = order_place(quantity=2)
    with committed():
        EventHandler(staff).handle_order_status_change(order, statuses.CANCELLED, "Duplicate")
    assert order.status == statuses.CANCELLED
    change = order.status_changes.get()
    assert (change.changed_by, change.note) == (staff, "Duplicate")
    assert order.lines.get().num_allocated == 0


def test_consuming_allocations_ships_units_through_the_stock_services(staff):
    order = order_place(quantity=3)
    line = order.lines.get()
    line_allocated, in_stock, allocated = _levels(order)

    EventHandler(staff).consume_stock_allocations(order, [line], [2])

    assert _levels(order) == (line_allocated - 2, in_stock - 2, allocated - 2)
    movement = StockMovement.objects.filter(order=order, reason="shipped").get()
    assert (movement.quantity, movement.user) == (-2, staff)


def test_consuming_more_than_a_line_holds_is_refused_and_changes_nothing(staff):
    order = order_place(quantity=1)
    line = order.lines.get()
    before = _levels(order)

    with pytest.raises(InvalidStockAdjustment):
        EventHandler(staff).consume_stock_allocations(order, [line], [2])

    assert _levels(order) == before


def test_cancelling_allocations_releases_them_and_marks_the_line(staff):
    order = order_place(quantity=2)
    line_allocated, in_stock, allocated = _levels(order)

    EventHandler(staff).cancel_stock_allocations(order)  # all lines in full, as Oscar

    assert _levels(order) == (0, in_stock, allocated - line_allocated)
    assert order.lines.get().allocation_cancelled
    EventHandler(staff).cancel_stock_allocations(order)  # nothing left: nothing changes
    assert StockMovement.objects.filter(order=order, reason="released").count() == 1
