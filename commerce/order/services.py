"""Moving orders through the pipeline: the one place a status changes.

Every change locks the order row, checks the move against the pipeline
(``OSCAR_ORDER_STATUS_PIPELINE``), records who made it and why, and moves the stock that goes
with it: a cancelled or failed order releases its allocation, a shipped one consumes it.
What also involves the payment (cancelling with a refund, a payment settling the order, the
expiry of unpaid orders) is in ``commerce.order.actions``.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.apps.order.signals import order_status_changed
from oscar.apps.partner.exceptions import InvalidStockAdjustment
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.partner.services import StockItem, stock_consume, stock_release

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderStatusChange = get_model("order", "OrderStatusChange")
ShippingEvent = get_model("order", "ShippingEvent")
ShippingEventType = get_model("order", "ShippingEventType")

# Moving into one of these gives the reserved stock back to the shop.
_RELEASES_STOCK = frozenset({statuses.CANCELLED, statuses.PAYMENT_FAILED, statuses.REFUNDED})


def _allocated_lines(*, order) -> list:
    return list(
        Line.objects.select_for_update()
        .filter(order=order, stockrecord__isnull=False, num_allocated__gt=0)
        .order_by("pk")
    )


def _stock_release(*, order, user, note: str) -> None:
    lines = _allocated_lines(order=order)
    if not lines:
        return
    stock_release(
        items=[
            StockItem(stockrecord_id=line.stockrecord_id, quantity=line.num_allocated)
            for line in lines
        ],
        order=order,
        user=user,
        note=note,
    )
    Line.objects.filter(pk__in=[line.pk for line in lines]).update(
        num_allocated=0, allocation_cancelled=True
    )


def _stock_consume(*, order, user) -> None:
    lines = _allocated_lines(order=order)
    if not lines:
        return
    stock_consume(
        items=[
            StockItem(stockrecord_id=line.stockrecord_id, quantity=line.num_allocated)
            for line in lines
        ],
        order=order,
        user=user,
    )
    Line.objects.filter(pk__in=[line.pk for line in lines]).update(num_allocated=0)


def order_lines_stock_consume(*, order, quantities: dict[int, int], user=None) -> None:
    """Ship these units of these lines (line id → units) from their allocation.

    What Oscar's ``EventHandler.consume_stock_allocations`` does line by line, through the stock
    services. Raises Oscar's ``InvalidStockAdjustment`` (and changes nothing) for more units
    than a line has allocated.
    """
    with transaction.atomic():
        lines = _tracked_lines(order=order, line_ids=quantities)
        if any(not line.is_allocation_consumption_possible(quantities[line.pk]) for line in lines):
            raise InvalidStockAdjustment(_("Invalid stock consumption request"))
        stock_consume(
            items=[
                StockItem(stockrecord_id=line.stockrecord_id, quantity=quantities[line.pk])
                for line in lines
            ],
            order=order,
            user=user,
        )
        for line in lines:
            line.num_allocated -= quantities[line.pk]
        Line.objects.bulk_update(lines, ["num_allocated"])


def order_lines_stock_release(*, order, quantities: dict[int, int], user=None) -> None:
    """Give back these units of these lines' allocations (line id → units).

    What Oscar's ``EventHandler.cancel_stock_allocations`` does line by line, through the stock
    services; a line without that many units allocated is left as it is.
    """
    with transaction.atomic():
        lines = [
            line
            for line in _tracked_lines(order=order, line_ids=quantities)
            if line.is_allocation_consumption_possible(quantities[line.pk])
        ]
        stock_release(
            items=[
                StockItem(stockrecord_id=line.stockrecord_id, quantity=quantities[line.pk])
                for line in lines
            ],
            order=order,
            user=user,
        )
        for line in lines:
            line.num_allocated -= quantities[line.pk]
            line.allocation_cancelled = line.num_allocated == 0
        Line.objects.bulk_update(lines, ["num_allocated", "allocation_cancelled"])


def _tracked_lines(*, order, line_ids) -> list:
    lines = (
        Line.objects.select_for_update(of=("self",))
        .select_related("stockrecord__product__product_class")
        .filter(order=order, pk__in=list(line_ids), stockrecord__isnull=False)
        .order_by("pk")
    )
    return [line for line in lines if line.can_track_allocations]


def order_status_change(*, order_id: int, new_status: str, user=None, note: str = ""):
    """Move an order to ``new_status``; a repeated call with the same status changes nothing.

    Raises ``InvalidOrderStatus`` when the pipeline does not allow the move.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status == new_status and new_status != statuses.PARTIALLY_REFUNDED:
            return order
        old_status = order.status
        if new_status not in order.pipeline.get(old_status, ()):
            raise InvalidOrderStatus(
                _("An order cannot go from %(old)s to %(new)s.")
                % {"old": statuses.LABELS.get(old_status, old_status), "new": new_status}
            )
        if new_status in _RELEASES_STOCK:
            _stock_release(order=order, user=user, note=note or new_status)
        elif new_status in (statuses.SHIPPED, statuses.DELIVERED):
            _stock_consume(order=order, user=user)
        if new_status != old_status:
            order.status = new_status
            order.save(update_fields=["status"])
        # A repeated partial refund keeps the status but still goes in the history.
        OrderStatusChange.objects.create(
            order=order,
            old_status=old_status,
            new_status=new_status,
            changed_by=_user_or_none(user),
            note=note[:255],
        )
        order_status_changed.send(
            sender=Order, order=order, old_status=old_status, new_status=new_status
        )
        if note:
            order.notes.create(message=note, note_type="System", user=_user_or_none(user))
        logger.info("Order %s: %s -> %s (%s)", order.number, old_status, new_status, note)
        return order


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def order_ship(*, order_id: int, carrier: str, tracking_number: str, user=None):
    """Ship the whole order: consume its stock, record the parcel, move it to Shipped."""
    carrier, tracking_number = carrier.strip(), tracking_number.strip()
    if not carrier or not tracking_number:
        raise ValueError(_("A shipment needs a carrier and a tracking number."))
    with transaction.atomic():
        order = order_status_change(
            order_id=order_id,
            new_status=statuses.SHIPPED,
            user=user,
            note=_("Shipped with %(carrier)s, tracking %(tracking)s")
            % {"carrier": carrier, "tracking": tracking_number},
        )
        event_type, _created = ShippingEventType.objects.get_or_create(
            code="shipped", defaults={"name": "Shipped"}
        )
        event = ShippingEvent.objects.create(
            order=order,
            event_type=event_type,
            carrier=carrier,
            tracking_number=tracking_number,
            notes=f"{carrier} {tracking_number}",
        )
        for line in order.lines.all():
            event.line_quantities.create(line=line, quantity=line.quantity)
        return order
