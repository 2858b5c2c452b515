import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from oscar.core.loading import get_class, get_model

from commerce.outbox.models import TaskMessage
from commerce.partner.services import StockItem, stock_allocate, stock_consume
from commerce.partner.tests import stockrecord_create

StockMovement = get_model("partner", "StockMovement")
StockRecord = get_model("partner", "StockRecord")
StockRecordForm = get_class("dashboard.catalogue.forms", "StockRecordForm")
Reason = StockMovement.Reason

pytestmark = pytest.mark.django_db


# --- The database refuses an oversold record --------------------------------------------------


def test_the_database_refuses_more_allocated_than_in_stock():
    record = stockrecord_create(num_in_stock=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(pk=record.pk).update(num_allocated=F("num_in_stock") + 1)


def test_the_database_refuses_a_negative_allocation():
    record = stockrecord_create(num_in_stock=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockRecord.objects.filter(pk=record.pk).update(num_allocated=-1)


def test_unknown_levels_are_allowed():
    record = stockrecord_create(num_in_stock=None, num_allocated=5)
    StockRecord.objects.filter(pk=record.pk).update(num_in_stock=5, num_allocated=None)


# --- Oscar's per-record stock calls are refused: stock moves through the services ------------


@pytest.mark.parametrize("call", ["allocate", "consume_allocation", "cancel_allocation"])
def test_oscar_per_record_stock_calls_are_refused_and_change_nothing(call):
    record = stockrecord_create(num_in_stock=10, num_allocated=5)
    with pytest.raises(NotImplementedError, match="commerce.partner.services"):
        getattr(record, call)(2)
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (10, 5)
    assert not record.movements.exclude(reason=Reason.ADJUSTMENT).exists()


def test_low_stock_counts_from_the_threshold_itself():
    record = stockrecord_create(num_in_stock=5, num_allocated=2, low_stock_threshold=3)
    assert record.is_below_threshold
    record.low_stock_threshold = 2
    assert not record.is_below_threshold


# --- Direct saves (the dashboard) are recorded ------------------------------------------------


def test_a_new_record_records_its_initial_stock():
    record = stockrecord_create(num_in_stock=7)
    assert [(m.reason, m.quantity) for m in record.movements.all()] == [(Reason.ADJUSTMENT, 7)]


def test_a_dashboard_stock_edit_records_an_adjustment():
    record = stockrecord_create(num_in_stock=10, num_allocated=2)
    staff = get_user_model().objects.create_user(username="merch", password="x", is_staff=True)
    form = StockRecordForm(
        record.product.get_product_class(),
        staff,
        data={
            "partner": record.partner_id,
            "partner_sku": record.partner_sku,
            "price_currency": record.price_currency,
            "price": "12.50",
            "num_in_stock": "25",
            "low_stock_threshold": "",
        },
        instance=StockRecord.objects.get(pk=record.pk),
    )
    assert form.is_valid(), form.errors
    form.save()

    movement = record.movements.order_by("-pk").first()
    assert (movement.reason, movement.quantity, movement.user) == (Reason.ADJUSTMENT, 15, None)


def test_the_dashboard_cannot_set_stock_below_the_allocation():
    record = stockrecord_create(num_in_stock=10, num_allocated=4)
    staff = get_user_model().objects.create_user(username="merch", password="x", is_staff=True)
    form = StockRecordForm(
        record.product.get_product_class(),
        staff,
        data={
            "partner": record.partner_id,
            "partner_sku": record.partner_sku,
            "price_currency": record.price_currency,
            "price": "9.90",
            "num_in_stock": "3",
        },
        instance=StockRecord.objects.get(pk=record.pk),
    )
    assert not form.is_valid()
    assert "4 units are allocated" in str(form.errors["num_in_stock"])


def test_a_save_without_a_stock_change_records_nothing():
    record = stockrecord_create(num_in_stock=10)
    before = record.movements.count()
    record.price = record.price + 1
    record.save()
    assert record.movements.count() == before


def test_service_changes_are_not_recorded_twice():
    record = stockrecord_create(num_in_stock=10)
    before = record.movements.count()
    stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=2)])
    stock_consume(items=[StockItem(stockrecord_id=record.pk, quantity=1)])
    assert record.movements.count() == before + 2


def test_a_stale_save_keeps_allocations_made_meanwhile():
    record = stockrecord_create(num_in_stock=10)
    stale = StockRecord.objects.get(pk=record.pk)
    stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=3)])

    stale.num_in_stock = 12
    stale.save()

    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (12, 3)
    assert record.movements.order_by("-pk").first().quantity == 2


def test_a_record_the_services_announce_can_be_saved_as_it_is():
    from django.db.models.signals import post_save

    record = stockrecord_create(num_in_stock=10)
    announced = []

    def receiver(sender, instance, **kwargs):
        announced.append(instance)

    post_save.connect(receiver, sender=StockRecord)
    try:
        stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=3)])
    finally:
        post_save.disconnect(receiver, sender=StockRecord)
    (written,) = announced
    assert not written.num_allocated_changed

    stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=1)])  # meanwhile
    written.price = written.price + 1
    written.save()
    record.refresh_from_db()
    assert record.num_allocated == 4


def test_a_changed_allocation_is_told_apart_from_a_loaded_one():
    record = StockRecord.objects.get(pk=stockrecord_create(num_in_stock=10, num_allocated=2).pk)
    assert not record.num_allocated_changed
    record.num_allocated = 1
    assert record.num_allocated_changed
    assert StockRecord(num_allocated=0).num_allocated_changed  # never read: saved as set


def test_an_explicit_allocation_reset_is_kept():
    record = stockrecord_create(num_in_stock=10, num_allocated=4)
    record.num_in_stock, record.num_allocated = 6, 0  # a stock sync that reconciled shipments
    record.save()
    record.refresh_from_db()
    assert (record.num_in_stock, record.num_allocated) == (6, 0)


def test_a_save_that_brings_stock_down_to_the_threshold_raises_the_alert(
    django_capture_on_commit_callbacks,
):
    record = stockrecord_create(num_in_stock=10, low_stock_threshold=3)
    with django_capture_on_commit_callbacks(execute=True):
        record.num_in_stock = 3
        record.save()
        record.num_in_stock = 2
        record.save()
    sent = TaskMessage.objects.filter(
        task="commerce.partner.tasks.stock_low_alert", dispatched_at__isnull=False
    )
    assert [message.kwargs for message in sent] == [{"stockrecord_id": record.pk}]
