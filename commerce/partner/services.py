"""Stock: allocate, release, ship and adjust units without ever selling more than there is.

Every operation locks the stock records it touches in primary-key order inside one transaction
(a stable order, so two checkouts sharing products cannot deadlock), checks all of them before
changing any, writes one ``StockMovement`` per record changed, and sends ``post_save`` for each
record as Oscar's own stock methods do (the search index and Oscar's stock alerts listen to it),
with the records written together as ``stock_batch`` (the search index records them at once).

When a change brings a record's available units (in stock minus allocated) from above its
low-stock threshold to at or below it, one low-stock task is enqueued once the transaction
commits. The rows are locked, so of many concurrent checkouts only one crosses the threshold.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import router, transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.core.loading import get_class

from commerce.partner.low_stock import low_stock_alert_enqueue, low_stock_crossed
from commerce.partner.models import StockAlert, StockMovement, StockRecord

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from commerce.order.models import Order

    AnyUser = AbstractBaseUser | AnonymousUser

InvalidStockAdjustment = get_class("partner.exceptions", "InvalidStockAdjustment")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")

logger = logging.getLogger(__name__)

Reason = StockMovement.Reason


@dataclass(frozen=True)
class StockItem:
    stockrecord_id: int
    quantity: int


@dataclass(frozen=True)
class Shortage:
    stockrecord_id: int
    product_id: int
    product_title: str
    requested: int
    available: int

    @property
    def message(self) -> str:
        if self.available <= 0:
            return _("%(title)s is out of stock.") % {"title": self.product_title}
        return ngettext(
            "Only %(available)d left of %(title)s.",
            "Only %(available)d left of %(title)s.",
            self.available,
        ) % {"available": self.available, "title": self.product_title}


class OutOfStock(UnableToPlaceOrder):
    """Not enough units left for one or more stock records; nothing was allocated.

    A kind of Oscar's ``UnableToPlaceOrder``, so that checkout shows the message and keeps the
    basket when an allocation fails while the order is being placed.
    """

    def __init__(self, *, shortages: Sequence[Shortage]):
        self.shortages = list(shortages)
        super().__init__(" ".join(shortage.message for shortage in self.shortages))


# --- Orders: allocate, release, ship ---------------------------------------------------------


def stock_allocate(
    *, items: Sequence[StockItem], order: Order | None = None, user: AnyUser | None = None
) -> None:
    """Reserve units for an order, or raise ``OutOfStock`` listing every shortage.

    Products whose class does not track stock are neither checked nor allocated (as in Oscar).
    """
    quantities = _quantities_merge(items=items)
    if not quantities:
        return
    # No savepoint: nothing is written before the checks pass, and the shortage is raised once
    # the block is left, so a caller that catches it can carry on in its transaction.
    with transaction.atomic(savepoint=False):
        records, missing = _locked_or_missing(ids=quantities)
        records = [r for r in records if r.can_track_allocations]
        shortages = [
            Shortage(
                stockrecord_id=record.pk,
                product_id=record.product_id,
                product_title=record.product.get_title(),
                requested=quantities[record.pk],
                available=max(record.net_stock_level, 0),
            )
            for record in records
            if record.net_stock_level < quantities[record.pk]
        ]
        if not (missing or shortages):
            available_before = {record.pk: record.net_stock_level for record in records}
            for record in records:
                record.num_allocated = (record.num_allocated or 0) + quantities[record.pk]
            _changes_write(
                records=records,
                fields=["num_allocated"],
                available_before=available_before,
                movements=[
                    _movement(
                        record=record,
                        quantity=quantities[record.pk],
                        reason=Reason.ALLOCATED,
                        order=order,
                        user=user,
                    )
                    for record in records
                ],
            )
    if missing:
        raise _missing_error(missing)
    if shortages:
        raise OutOfStock(shortages=shortages)


def stock_release(
    *,
    items: Sequence[StockItem],
    order: Order | None = None,
    user: AnyUser | None = None,
    note: str = "",
) -> None:
    """Cancel allocations; never takes a record's allocation below zero."""
    quantities = _quantities_merge(items=items)
    if not quantities:
        return
    with transaction.atomic():
        records, released = [], {}
        for record in _locked(ids=quantities):
            allocated = record.num_allocated or 0
            units = min(quantities[record.pk], allocated)
            if not record.can_track_allocations or units == 0:
                continue
            record.num_allocated = allocated - units
            records.append(record)
            released[record.pk] = units
        _changes_write(
            records=records,
            fields=["num_allocated"],
            available_before={r.pk: r.net_stock_level - released[r.pk] for r in records},
            movements=[
                _movement(
                    record=record,
                    quantity=-released[record.pk],
                    reason=Reason.RELEASED,
                    order=order,
                    user=user,
                    note=note,
                )
                for record in records
            ],
        )


def stock_consume(
    *, items: Sequence[StockItem], order: Order | None = None, user: AnyUser | None = None
) -> None:
    """Ship allocated units: they leave both the allocation and the stock on hand.

    Raises Oscar's ``InvalidStockAdjustment`` (and changes nothing) when a record has fewer
    units allocated or in stock than are being shipped.
    """
    quantities = _quantities_merge(items=items)
    if not quantities:
        return
    with transaction.atomic():
        records = [r for r in _locked(ids=quantities) if r.can_track_allocations]
        invalid = [
            record
            for record in records
            if quantities[record.pk] > min(record.num_allocated or 0, record.num_in_stock or 0)
        ]
        if invalid:
            raise InvalidStockAdjustment(
                " ".join(
                    _(
                        "Cannot ship %(quantity)d of %(title)s: %(allocated)d allocated, "
                        "%(in_stock)d in stock."
                    )
                    % {
                        "quantity": quantities[record.pk],
                        "title": record.product.get_title(),
                        "allocated": record.num_allocated or 0,
                        "in_stock": record.num_in_stock or 0,
                    }
                    for record in invalid
                )
            )
        available_before = {record.pk: record.net_stock_level for record in records}
        for record in records:
            record.num_allocated = (record.num_allocated or 0) - quantities[record.pk]
            record.num_in_stock = (record.num_in_stock or 0) - quantities[record.pk]
        _changes_write(
            records=records,
            fields=["num_allocated", "num_in_stock"],
            available_before=available_before,
            movements=[
                _movement(
                    record=record,
                    quantity=-quantities[record.pk],
                    reason=Reason.SHIPPED,
                    order=order,
                    user=user,
                )
                for record in records
            ],
        )


# --- Stock on hand -----------------------------------------------------------------------------


def stock_adjust(
    *,
    stockrecord_id: int,
    quantity_delta: int,
    user: AnyUser | None = None,
    reason: str = Reason.ADJUSTMENT,
    note: str = "",
) -> StockRecord:
    """Restock or correct the units on hand; returns the updated record.

    Refuses (Oscar's ``InvalidStockAdjustment``) to leave fewer units in stock than are
    allocated to orders.
    """
    if reason not in (Reason.ADJUSTMENT, Reason.IMPORT):
        raise ValueError(f"A stock adjustment is an adjustment or an import, not {reason!r}.")
    with transaction.atomic():
        (record,) = _locked(ids=[stockrecord_id])
        if quantity_delta == 0:
            return record
        in_stock, allocated = record.num_in_stock or 0, record.num_allocated or 0
        if in_stock + quantity_delta < allocated:
            raise InvalidStockAdjustment(
                _(
                    "Cannot take %(quantity)d off %(title)s: %(in_stock)d in stock, of which "
                    "%(allocated)d are allocated to orders."
                )
                % {
                    "quantity": -quantity_delta,
                    "title": record.product.get_title(),
                    "in_stock": in_stock,
                    "allocated": allocated,
                }
            )
        available_before = record.net_stock_level
        record.num_in_stock = in_stock + quantity_delta
        _changes_write(
            records=[record],
            fields=["num_in_stock"],
            available_before={record.pk: available_before},
            movements=[
                _movement(
                    record=record, quantity=quantity_delta, reason=reason, user=user, note=note
                )
            ],
        )
    return record


def stock_levels_set(
    *,
    levels: dict[int, int],
    user: AnyUser | None = None,
    reason: str = Reason.IMPORT,
    note: str = "",
    announce: bool = True,
) -> list[StockRecord]:
    """Set many records' units on hand at once (a restock from a file); returns those changed.

    ``stock_adjust``'s rules for a whole batch in one pass: records locked in primary-key
    order, refused (``InvalidStockAdjustment``) when fewer units than are allocated would
    remain, one movement per changed record, the low-stock alert on a crossing. A caller that
    tells the search index itself passes ``announce=False`` (no ``post_save`` per record).
    """
    if reason not in (Reason.ADJUSTMENT, Reason.IMPORT):
        raise ValueError(f"A stock level is set by an adjustment or an import, not {reason!r}.")
    with transaction.atomic():
        changed, movements, available_before = [], [], {}
        for record in _locked(ids=sorted(levels)):
            units = levels[record.pk]
            in_stock, allocated = record.num_in_stock or 0, record.num_allocated or 0
            if units < allocated:
                raise InvalidStockAdjustment(
                    _("%(sku)s: %(allocated)d units are allocated, the stock cannot be %(units)d.")
                    % {"sku": record.partner_sku, "allocated": allocated, "units": units}
                )
            if units == in_stock:
                continue
            available_before[record.pk] = record.net_stock_level
            record.num_in_stock = units
            changed.append(record)
            movements.append(
                _movement(
                    record=record, quantity=units - in_stock, reason=reason, user=user, note=note
                )
            )
        _changes_write(
            records=changed,
            fields=["num_in_stock"],
            available_before=available_before,
            movements=movements,
            announce=announce,
        )
    return changed


# --- Low-stock alerts --------------------------------------------------------------------------


def stock_low_alert_open(*, stockrecord_id: int) -> StockAlert | None:
    """Keep an open Oscar ``StockAlert`` for a record that is (still) low on stock.

    Returns the open alert, or ``None`` when the record is gone or was restocked meanwhile.
    """
    with transaction.atomic():
        record = (
            StockRecord.objects.select_for_update(of=("self",))
            .select_related("product__parent", "partner")
            .filter(pk=stockrecord_id)
            .first()
        )
        if record is None or not record.is_below_threshold:
            return None
        alert = StockAlert.objects.filter(stockrecord=record, status=StockAlert.OPEN).first()
        if alert is None:
            alert = StockAlert.objects.create(
                stockrecord=record, threshold=record.low_stock_threshold
            )
    logger.warning(
        "Low stock: %s from %s has %d available (threshold %d).",
        record.product.get_title(),
        record.partner.display_name,
        record.net_stock_level,
        record.low_stock_threshold,
    )
    return alert


# --- Helpers -----------------------------------------------------------------------------------


def _quantities_merge(*, items: Sequence[StockItem]) -> dict[int, int]:
    """Units per stock record id, duplicates added up and zeros left out."""
    quantities: dict[int, int] = {}
    for item in items:
        if item.quantity < 0:
            raise ValueError(f"A stock quantity cannot be negative: {item!r}.")
        quantities[item.stockrecord_id] = quantities.get(item.stockrecord_id, 0) + item.quantity
    return {pk: quantity for pk, quantity in sorted(quantities.items()) if quantity}


def _locked(*, ids) -> list[StockRecord]:
    """The stock records, locked in primary-key order, with what ``get_title`` and
    ``can_track_allocations`` read."""
    records, missing = _locked_or_missing(ids=ids)
    if missing:
        raise _missing_error(missing)
    return records


def _locked_or_missing(*, ids) -> tuple[list[StockRecord], set[int]]:
    """``_locked``'s records in one statement, and the ids that have no record."""
    records = list(
        StockRecord.objects.select_for_update(of=("self",))
        .select_related("product__product_class", "product__parent__product_class")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )
    return records, set(ids) - {record.pk for record in records}


def _missing_error(missing: set[int]) -> StockRecord.DoesNotExist:
    return StockRecord.DoesNotExist(f"No stock record with id {sorted(missing)}.")


def _movement(
    *,
    record: StockRecord,
    quantity: int,
    reason: str,
    order: Order | None = None,
    user: AnyUser | None = None,
    note: str = "",
) -> StockMovement:
    return StockMovement(
        stockrecord=record,
        quantity=quantity,
        reason=reason,
        order=order,
        user=user if getattr(user, "is_authenticated", False) else None,
        note=note,
    )


def _changes_write(
    *,
    records: list[StockRecord],
    fields: list[str],
    available_before: dict[int, int],
    movements: list[StockMovement],
    announce: bool = True,
) -> None:
    """Write the locked records' new levels and their movements; announce and alert."""
    if not records:
        return
    now = timezone.now()
    for record in records:
        record.date_updated = now
    # Queryset writes, not save(): a save would be recorded a second time as an adjustment.
    StockRecord.objects.bulk_update(records, [*fields, "date_updated"])
    StockMovement.objects.bulk_create(movements)
    using = router.db_for_write(StockRecord)
    batch = tuple(records)
    for record in records:
        record.num_allocated_mark_stored()
    for record in records:
        if announce:
            # With the whole batch, so that a receiver can handle it in one go (the search
            # index records all its products with the first record).
            post_save.send(
                sender=StockRecord,
                instance=record,
                created=False,
                raw=False,
                using=using,
                update_fields=frozenset([*fields, "date_updated"]),
                stock_batch=batch,
            )
        if low_stock_crossed(
            threshold=record.low_stock_threshold,
            available_before=available_before[record.pk],
            available_after=record.net_stock_level,
        ):
            low_stock_alert_enqueue(stockrecord_id=record.pk)
