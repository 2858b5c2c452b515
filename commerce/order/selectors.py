"""Reads of a customer's own orders, for their account (API)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from oscar.core.loading import get_model

from commerce.order import statuses

# What a customer is told about the payment of an order.
PAYMENT_NOT_STARTED = "not_started"
PAYMENT_PENDING = "pending"
PAYMENT_PAID = "paid"
PAYMENT_FAILED = "failed"
PAYMENT_CANCELLED = "cancelled"
PAYMENT_REFUNDED = "refunded"
PAYMENT_PARTIALLY_REFUNDED = "partially_refunded"
PAYMENT_STATUSES = (
    PAYMENT_NOT_STARTED,
    PAYMENT_PENDING,
    PAYMENT_PAID,
    PAYMENT_FAILED,
    PAYMENT_CANCELLED,
    PAYMENT_REFUNDED,
    PAYMENT_PARTIALLY_REFUNDED,
)


def orders_of_user(*, user) -> QuerySet:
    """The user's orders, newest first (none for an anonymous user)."""
    orders = get_model("order", "Order").objects.all()
    if not user.is_authenticated:
        return orders.none()
    return orders.filter(user=user).order_by("-date_placed", "-pk")


def order_of_user(*, user, number: str):
    """The user's order with this number, with everything its detail shows; None when there is
    no such order or it is someone else's."""
    status_changes = get_model("order", "OrderStatusChange").objects.order_by("date_created", "pk")
    shipping_events = (
        get_model("order", "ShippingEvent")
        .objects.select_related("event_type")
        .order_by("date_created", "pk")
    )
    sources = get_model("payment", "Source").objects.select_related("source_type").order_by("pk")
    return (
        orders_of_user(user=user)
        .filter(number=number)
        .select_related("shipping_address", "shipping_address__country")
        .prefetch_related(
            "lines",
            "discounts",
            Prefetch("status_changes", queryset=status_changes),
            Prefetch("shipping_events", queryset=shipping_events),
            Prefetch("sources", queryset=sources),
        )
        .first()
    )


def order_payment(*, order) -> dict:
    """How the order's payment stands: status (one of ``PAYMENT_STATUSES``), provider and amounts.

    Read from the order's payment source (prefetched by ``order_of_user``) and its status.
    """
    sources = list(order.sources.all())
    source = sources[0] if sources else None
    paid = source.amount_debited if source else None
    refunded = source.amount_refunded if source else None
    if source is not None and refunded and refunded >= paid:
        status = PAYMENT_REFUNDED
    elif source is not None and refunded:
        status = PAYMENT_PARTIALLY_REFUNDED
    elif source is not None and paid:
        status = PAYMENT_PAID
    elif order.status == statuses.PAYMENT_FAILED:
        status = PAYMENT_FAILED
    elif order.status == statuses.CANCELLED:
        status = PAYMENT_CANCELLED
    elif source is None:
        status = PAYMENT_NOT_STARTED
    else:
        status = PAYMENT_PENDING
    return {
        "status": status,
        "provider": source.source_type.name if source else None,
        "amount_paid": paid,
        "amount_refunded": refunded,
    }
