"""What happens to an order when money moves: payments settle it, cancelling refunds it.

The orders domain (``commerce.order.services``: the pipeline, stock with each move) and the
payments domain (``commerce.payment.services``: providers, money on record) do not know each
other; these actions compose them. Payment services report an outcome (``PaymentOutcome``,
``RefundOutcome``) and the action moves the order, inside the same transaction.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.order.services import order_status_change
from commerce.outbox.services import task_enqueue
from commerce.payment.interface import PaymentProviderError, PaymentStatus
from commerce.payment.services import (
    payment_refundable_amount,
    payment_verify,
    refund_record,
    refund_run,
)

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")

# Where a payment the provider declined or dropped leaves an order still waiting for it.
_CLOSED_BY_PAYMENT = {
    PaymentStatus.FAILED: statuses.PAYMENT_FAILED,
    PaymentStatus.CANCELLED: statuses.CANCELLED,
}


def order_payment_confirm(*, order_id: int):
    """Verify the order's payment with its provider and settle the order; idempotent.

    Paid moves the order to Paid exactly once, however many times this runs and in whatever
    order the return URL and the webhooks arrive: the order row is locked, and an order that
    has left Pending payment is not moved again. Declined → Payment failed, abandoned or
    expired → Cancelled; both release the stock. Raises PaymentProviderError to be retried.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        outcome = payment_verify(order_id=order.pk)
        if outcome is None:
            return order
        if order.status == statuses.PENDING_PAYMENT:
            new_status = (
                statuses.PAID
                if outcome.status == PaymentStatus.PAID
                else _CLOSED_BY_PAYMENT[outcome.status]
            )
            return order_status_change(order_id=order.pk, new_status=new_status, note=outcome.note)
        if outcome.status == PaymentStatus.PAID:
            # Paid after the order was closed (expired, cancelled): the money is on record;
            # tell the staff, who refund it from the dashboard.
            order.notes.create(
                message=_("Payment received after the order was %(status)s; refund it.")
                % {"status": order.status},
                note_type="System",
            )
            logger.warning("Order %s: paid while %s", order.number, order.status)
        return order


def order_cancel(*, order_id: int, user=None, note: str = ""):
    """Cancel an order and release its stock; money already taken is refunded in full."""
    with transaction.atomic():
        order = order_status_change(
            order_id=order_id,
            new_status=statuses.CANCELLED,
            user=user,
            note=note or _("Cancelled"),
        )
        refundable = payment_refundable_amount(order=order)
        if refundable > 0:
            order_refund_request(order_id=order.pk, amount=refundable, user=user)
        return order


def orders_expire_unpaid(*, now=None) -> int:
    """Cancel orders left in Pending payment longer than PAYMENT_EXPIRY_MINUTES.

    Each one is first verified with its provider: a payment that did arrive marks it paid.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.PAYMENT_EXPIRY_MINUTES)
    expired = 0
    order_ids = Order.objects.filter(
        status=statuses.PENDING_PAYMENT, date_placed__lt=cutoff
    ).values_list("pk", flat=True)
    for order_id in order_ids:
        try:
            order = order_payment_confirm(order_id=order_id)
        except PaymentProviderError:
            logger.warning("Order %s: provider unreachable, expiring it unverified", order_id)
            order = Order.objects.get(pk=order_id)
        if order.status != statuses.PENDING_PAYMENT:
            continue
        try:
            order_status_change(
                order_id=order_id,
                new_status=statuses.CANCELLED,
                note=_("Payment not received within %(minutes)d minutes")
                % {"minutes": settings.PAYMENT_EXPIRY_MINUTES},
            )
        except InvalidOrderStatus:
            continue  # paid or closed meanwhile
        expired += 1
    return expired


def order_refund_request(*, order_id: int, amount: Decimal, user=None, reason: str = ""):
    """Record a refund and queue it to run through the provider; refuses more than was paid.

    Returns the refund ``Transaction``; raises ``RefundRefused``. The order's history notes
    who asked for it and why.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        refund = refund_record(order=order, amount=amount)
        order.notes.create(
            message=_("Refund of %(amount)s %(currency)s requested. %(reason)s")
            % {"amount": amount, "currency": refund.source.currency, "reason": reason},
            note_type="System",
            user=user if user is not None and user.is_authenticated else None,
        )
        # The task keeps the name it was first registered under: messages already queued in
        # the outbox still find it.
        task_enqueue(task="commerce.payment.tasks.refund_run", kwargs={"transaction_id": refund.pk})
        return refund


def order_refund_run(*, transaction_id: int) -> None:
    """Run a requested refund through the provider, then mark the order (partially) refunded.

    Idempotent: a refund already run changes nothing. An order whose pipeline has no refunded
    step from where it stands keeps its status; the refund is on record all the same.
    """
    with transaction.atomic():
        outcome = refund_run(transaction_id=transaction_id)
        if outcome is None:
            return
        target = statuses.REFUNDED if outcome.fully_refunded else statuses.PARTIALLY_REFUNDED
        current = Order.objects.values_list("status", flat=True).get(pk=outcome.order_id)
        if target in statuses.PIPELINE.get(current, ()):
            order_status_change(
                order_id=outcome.order_id,
                new_status=target,
                note=_("Refunded %(amount)s %(currency)s")
                % {"amount": outcome.amount, "currency": outcome.currency},
            )
