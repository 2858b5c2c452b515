from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.apps.partner.exceptions import InvalidStockAdjustment
from oscar.core.loading import get_model

from commerce.outbox.models import TaskMessage
from commerce.partner.services import (
    OutOfStock,
    Shortage,
    StockItem,
    stock_adjust,
    stock_allocate,
    stock_consume,
    stock_levels_set,
    stock_release,
)
from commerce.partner.tests import stockrecord_create

StockMovement = get_model("partner", "StockMovement")
StockRecord = get_model("partner", "StockRecord")
Reason = StockMovement.Reason

pytestmark = pytest.mark.django_db


def _movements(record, *reasons):
    return list(
        StockMovement.objects.filter(stockrecord=record, reason__in=reasons)
        .order_by("pk")
        .values_list("reason", "quantity")
    )


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        username="stock-keeper", email="stock@example.com", password="x"
    )


@pytest.fixture
def alerts(db):
    """The low-stock alerts sent so far: outbox messages of the task, dispatched on commit."""
    return SentAlerts()


class SentAlerts:
    @staticmethod
    def _sent():
        return TaskMessage.objects.filter(
            task="commerce.partner.tasks.stock_low_alert", dispatched_at__isnull=False
        ).order_by("pk")

    @property
    def call_count(self) -> int:
        return self._sent().count()

    @property
    def call_args_list(self):
        return [mock.call(**message.kwargs) for message in self._sent()]


# --- Allocate ---------------------------------------------------------------------------------


def test_allocate_reserves_units_and_records_a_movement(staff):
    record = stockrecord_create(num_in_stock=10, num_allocated=1)
    order = get_model("order", "Order").objects.create(
        number="STOCK-TEST-1", total_incl_tax=30, total_excl_tax=25
    )

    stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=3)], order=order, user=staff)

    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (10, 4)
    movement = StockMovement.objects.get(stockrecord=record, reason=Reason.ALLOCATED)
    assert (movement.quantity, movement.order, movement.user) == (3, order, staff)


def test_allocate_adds_up_repeated_records_into_one_movement():
    record = stockrecord_create(num_in_stock=10)
    stock_allocate(
        items=[
            StockItem(stockrecord_id=record.pk, quantity=2),
            StockItem(stockrecord_id=record.pk, quantity=3),
        ]
    )
    record.refresh_from_db()
    assert record.num_allocated == 5
    assert _movements(record, Reason.ALLOCATED) == [(Reason.ALLOCATED, 5)]


def test_allocate_takes_the_last_unit():
    record = stockrecord_create(num_in_stock=3, num_allocated=None)
    stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=3)])
    record.refresh_from_db()
    assert record.num_allocated == 3


def test_allocating_more_than_available_lists_every_shortage_and_changes_nothing():
    short = stockrecord_create(title="Blue Mug", num_in_stock=5, num_allocated=3)
    sold_out = stockrecord_create(title="Red Mug", num_in_stock=0)
    plenty = stockrecord_create(title="Green Mug", num_in_stock=50)

    with pytest.raises(OutOfStock) as caught:
        stock_allocate(
            items=[
                StockItem(stockrecord_id=plenty.pk, quantity=1),
                StockItem(stockrecord_id=short.pk, quantity=3),
                StockItem(stockrecord_id=sold_out.pk, quantity=1),
            ]
        )

    assert caught.value.shortages == [
        Shortage(
            stockrecord_id=short.pk,
            product_id=short.product_id,
            product_title="Blue Mug",
            requested=3,
            available=2,
        ),
        Shortage(
            stockrecord_id=sold_out.pk,
            product_id=sold_out.product_id,
            product_title="Red Mug",
            requested=1,
            available=0,
        ),
    ]
    assert str(caught.value) == "Only 2 left of Blue Mug. Red Mug is out of stock."
    # Checkout shows it to the customer and keeps the basket.
    assert isinstance(caught.value, UnableToPlaceOrder)
    levels = StockRecord.objects.filter(pk__in=[short.pk, sold_out.pk, plenty.pk]).order_by("pk")
    assert list(levels.values_list("num_allocated", flat=True)) == [3, 0, 0]
    assert not StockMovement.objects.filter(
        stockrecord__in=[short, sold_out, plenty], reason=Reason.ALLOCATED
    ).exists()


def test_products_that_do_not_track_stock_are_not_checked_or_allocated():
    service = stockrecord_create(num_in_stock=0, num_allocated=None, track_stock=False)
    stock_allocate(items=[StockItem(stockrecord_id=service.pk, quantity=5)])
    service.refresh_from_db()
    assert service.num_allocated is None
    assert not StockMovement.objects.filter(stockrecord=service).exists()


def test_an_unknown_stock_record_is_an_error():
    with pytest.raises(StockRecord.DoesNotExist):
        stock_allocate(items=[StockItem(stockrecord_id=987654321, quantity=1)])


def test_a_negative_quantity_is_refused():
    record = stockrecord_create()
    with pytest.raises(ValueError):
        stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=-1)])


# --- Release and consume ----------------------------------------------------------------------


def test_release_cancels_allocations_but_never_below_zero():
    record = stockrecord_create(num_in_stock=10, num_allocated=3)
    stock_release(items=[StockItem(stockrecord_id=record.pk, quantity=5)], note="cancelled")
    record.refresh_from_db()
    assert record.num_allocated == 0
    movement = StockMovement.objects.get(stockrecord=record, reason=Reason.RELEASED)
    assert (movement.quantity, movement.note) == (-3, "cancelled")

    stock_release(items=[StockItem(stockrecord_id=record.pk, quantity=1)])
    assert StockMovement.objects.filter(stockrecord=record, reason=Reason.RELEASED).count() == 1


def test_consume_ships_allocated_units():
    record = stockrecord_create(num_in_stock=10, num_allocated=4)
    stock_consume(items=[StockItem(stockrecord_id=record.pk, quantity=3)])
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (7, 1)
    assert _movements(record, Reason.SHIPPED) == [(Reason.SHIPPED, -3)]


def test_consume_refuses_more_than_allocated_and_changes_nothing():
    shipped = stockrecord_create(num_in_stock=10, num_allocated=4)
    overshipped = stockrecord_create(title="Red Mug", num_in_stock=10, num_allocated=1)
    with pytest.raises(InvalidStockAdjustment, match="Cannot ship 2 of Red Mug"):
        stock_consume(
            items=[
                StockItem(stockrecord_id=shipped.pk, quantity=2),
                StockItem(stockrecord_id=overshipped.pk, quantity=2),
            ]
        )
    shipped.refresh_from_db()
    assert (shipped.num_in_stock, shipped.num_allocated) == (10, 4)
    assert not StockMovement.objects.filter(
        stockrecord__in=[shipped, overshipped], reason=Reason.SHIPPED
    ).exists()


# --- Adjust -----------------------------------------------------------------------------------


def test_adjust_restocks_and_corrects(staff):
    record = stockrecord_create(num_in_stock=10, num_allocated=2)
    stock_adjust(stockrecord_id=record.pk, quantity_delta=5, user=staff, note="delivery 42")
    updated = stock_adjust(stockrecord_id=record.pk, quantity_delta=-3, reason=Reason.IMPORT)

    assert (updated.num_in_stock, updated.num_allocated) == (12, 2)
    record.refresh_from_db()
    assert record.num_in_stock == 12
    assert _movements(record, Reason.ADJUSTMENT, Reason.IMPORT)[-2:] == [
        (Reason.ADJUSTMENT, 5),
        (Reason.IMPORT, -3),
    ]
    restock = StockMovement.objects.get(stockrecord=record, note="delivery 42")
    assert restock.user == staff


def test_adjust_refuses_to_go_below_what_is_allocated():
    record = stockrecord_create(num_in_stock=5, num_allocated=3)
    with pytest.raises(InvalidStockAdjustment, match="5 in stock, of which 3 are allocated"):
        stock_adjust(stockrecord_id=record.pk, quantity_delta=-3)
    record.refresh_from_db()
    assert record.num_in_stock == 5


def test_adjust_is_not_an_allocation():
    record = stockrecord_create()
    with pytest.raises(ValueError):
        stock_adjust(stockrecord_id=record.pk, quantity_delta=1, reason=Reason.ALLOCATED)


def test_levels_set_writes_only_changed_records_with_one_movement_each(staff):
    unchanged = stockrecord_create(num_in_stock=4)
    restocked = stockrecord_create(num_in_stock=10, num_allocated=2)
    emptied = stockrecord_create(num_in_stock=7)

    changed = stock_levels_set(
        levels={unchanged.pk: 4, restocked.pk: 25, emptied.pk: 0}, user=staff, note="file.csv"
    )

    assert {record.pk for record in changed} == {restocked.pk, emptied.pk}
    restocked.refresh_from_db()
    emptied.refresh_from_db()
    assert (restocked.num_in_stock, restocked.num_allocated, emptied.num_in_stock) == (25, 2, 0)
    assert _movements(restocked, Reason.IMPORT) == [(Reason.IMPORT, 15)]
    assert _movements(emptied, Reason.IMPORT) == [(Reason.IMPORT, -7)]
    assert _movements(unchanged, Reason.IMPORT) == []
    assert StockMovement.objects.get(stockrecord=restocked, reason=Reason.IMPORT).user == staff


def test_levels_set_refuses_less_than_allocated_and_changes_nothing():
    fine = stockrecord_create(num_in_stock=5)
    short = stockrecord_create(num_in_stock=5, num_allocated=3)
    with pytest.raises(InvalidStockAdjustment, match="3 units are allocated"):
        stock_levels_set(levels={fine.pk: 9, short.pk: 2})
    fine.refresh_from_db()
    assert fine.num_in_stock == 5
    assert _movements(fine, Reason.IMPORT) == []


def test_levels_set_is_not_an_allocation():
    record = stockrecord_create()
    with pytest.raises(ValueError):
        stock_levels_set(levels={record.pk: 1}, reason=Reason.ALLOCATED)


def test_levels_set_alerts_on_a_crossing_and_announces_only_when_asked(
    alerts, django_capture_on_commit_callbacks
):
    from django.db.models.signals import post_save

    record = stockrecord_create(num_in_stock=10, low_stock_threshold=3)
    saved = []

    def receiver(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(receiver, sender=StockRecord)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            stock_levels_set(levels={record.pk: 2}, announce=False)
        assert saved == []
        assert alerts.call_args_list == [mock.call(stockrecord_id=record.pk)]
        stock_levels_set(levels={record.pk: 8})
        assert saved == [record.pk]
    finally:
        post_save.disconnect(receiver, sender=StockRecord)


# --- Low-stock alerts -------------------------------------------------------------------------


def test_crossing_the_threshold_enqueues_one_alert_and_restocking_rearms_it(
    alerts, django_capture_on_commit_callbacks
):
    record = stockrecord_create(num_in_stock=10, low_stock_threshold=3)

    def allocate(quantity):
        with django_capture_on_commit_callbacks(execute=True):
            stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=quantity)])

    allocate(6)  # 4 left: above the threshold
    assert alerts.call_count == 0
    allocate(1)  # 3 left: at the threshold
    assert alerts.call_args_list == [mock.call(stockrecord_id=record.pk)]
    allocate(1)  # 2 left: still low, no second alert
    assert alerts.call_count == 1

    with django_capture_on_commit_callbacks(execute=True):
        stock_release(items=[StockItem(stockrecord_id=record.pk, quantity=3)])  # 5 left
    assert alerts.call_count == 1
    allocate(2)  # 3 left again: re-armed
    assert alerts.call_count == 2

    with django_capture_on_commit_callbacks(execute=True):
        stock_adjust(stockrecord_id=record.pk, quantity_delta=10)  # 13 left
        stock_adjust(stockrecord_id=record.pk, quantity_delta=-11)  # 2 left
    assert alerts.call_count == 3


def test_one_alert_per_record_that_crosses(alerts, django_capture_on_commit_callbacks):
    crossing = stockrecord_create(num_in_stock=5, low_stock_threshold=2)
    also_crossing = stockrecord_create(num_in_stock=5, low_stock_threshold=4)
    staying_above = stockrecord_create(num_in_stock=50, low_stock_threshold=2)
    without_threshold = stockrecord_create(num_in_stock=5)
    with django_capture_on_commit_callbacks(execute=True):
        stock_allocate(
            items=[
                StockItem(stockrecord_id=record.pk, quantity=4)
                for record in (crossing, also_crossing, staying_above, without_threshold)
            ]
        )
    assert sorted(c.kwargs["stockrecord_id"] for c in alerts.call_args_list) == [
        crossing.pk,
        also_crossing.pk,
    ]


def test_no_alert_is_enqueued_when_the_transaction_rolls_back(
    alerts, django_capture_on_commit_callbacks
):
    record = stockrecord_create(num_in_stock=5, low_stock_threshold=2)
    sold_out = stockrecord_create(num_in_stock=0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(OutOfStock):
            stock_allocate(
                items=[
                    StockItem(stockrecord_id=record.pk, quantity=4),
                    StockItem(stockrecord_id=sold_out.pk, quantity=1),
                ]
            )
    assert callbacks == []
    assert alerts.call_count == 0
