"""The order pipeline: statuses and the moves allowed between them.

Settings hand the pipeline to Oscar (``OSCAR_ORDER_STATUS_PIPELINE``, read by ``Order.pipeline``);
``commerce.order.services.order_status_change`` is the one place that moves an order along it.
"""

from django.utils.translation import gettext_lazy as _

PENDING_PAYMENT = "Pending payment"
PAID = "Paid"
PROCESSING = "Processing"
SHIPPED = "Shipped"
DELIVERED = "Delivered"
CANCELLED = "Cancelled"
PAYMENT_FAILED = "Payment failed"
REFUNDED = "Refunded"
PARTIALLY_REFUNDED = "Partially refunded"

PIPELINE: dict[str, tuple[str, ...]] = {
    PENDING_PAYMENT: (PAID, PAYMENT_FAILED, CANCELLED),
    PAID: (PROCESSING, SHIPPED, CANCELLED, REFUNDED, PARTIALLY_REFUNDED),
    PROCESSING: (SHIPPED, CANCELLED, REFUNDED, PARTIALLY_REFUNDED),
    SHIPPED: (DELIVERED, REFUNDED, PARTIALLY_REFUNDED),
    DELIVERED: (REFUNDED, PARTIALLY_REFUNDED),
    # A partial refund does not end fulfilment: the rest of the order can still ship.
    PARTIALLY_REFUNDED: (PROCESSING, SHIPPED, DELIVERED, REFUNDED, PARTIALLY_REFUNDED),
    CANCELLED: (),
    PAYMENT_FAILED: (),
    REFUNDED: (),
}

# Reached only through their own action: a verified payment, a shipment with its tracking
# number, a refund run through the provider.
SET_BY_ACTIONS_ONLY = frozenset({PAID, PAYMENT_FAILED, SHIPPED, REFUNDED, PARTIALLY_REFUNDED})

# While an order is in one of these, its stock is allocated (reserved) but not yet shipped.
HOLDS_STOCK = frozenset({PENDING_PAYMENT, PAID, PROCESSING, PARTIALLY_REFUNDED})

# Marked for translation; the stored value stays English so the pipeline keys never change.
LABELS = {
    PENDING_PAYMENT: _("Pending payment"),
    PAID: _("Paid"),
    PROCESSING: _("Processing"),
    SHIPPED: _("Shipped"),
    DELIVERED: _("Delivered"),
    CANCELLED: _("Cancelled"),
    PAYMENT_FAILED: _("Payment failed"),
    REFUNDED: _("Refunded"),
    PARTIALLY_REFUNDED: _("Partially refunded"),
}
