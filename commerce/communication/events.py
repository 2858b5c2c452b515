"""What the shop tells people about, and which preference each message falls under."""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Event(StrEnum):
    ORDER_PLACED = "order_placed"
    PAYMENT_RECEIVED = "payment_received"
    PAYMENT_FAILED = "payment_failed"
    ORDER_SHIPPED = "order_shipped"
    ORDER_DELIVERED = "order_delivered"
    ORDER_REFUNDED = "order_refunded"
    PASSWORD_RESET = "password_reset"
    LOW_STOCK = "low_stock"
    BASKET_REMINDER = "basket_reminder"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Kind(StrEnum):
    """What a customer chooses channels for (their notification preferences)."""

    ORDER_UPDATES = "order_updates"
    REMINDERS = "reminders"
    # Not a customer's choice: sent by email whatever the preferences say.
    ACCOUNT = "account"
    STAFF = "staff"


EVENT_KIND = {
    Event.ORDER_PLACED: Kind.ORDER_UPDATES,
    Event.PAYMENT_RECEIVED: Kind.ORDER_UPDATES,
    Event.PAYMENT_FAILED: Kind.ORDER_UPDATES,
    Event.ORDER_SHIPPED: Kind.ORDER_UPDATES,
    Event.ORDER_DELIVERED: Kind.ORDER_UPDATES,
    Event.ORDER_REFUNDED: Kind.ORDER_UPDATES,
    Event.PASSWORD_RESET: Kind.ACCOUNT,
    Event.LOW_STOCK: Kind.STAFF,
    Event.BASKET_REMINDER: Kind.REMINDERS,
}

EVENT_LABELS = {
    Event.ORDER_PLACED: _("Order placed"),
    Event.PAYMENT_RECEIVED: _("Payment received"),
    Event.PAYMENT_FAILED: _("Payment failed"),
    Event.ORDER_SHIPPED: _("Order shipped"),
    Event.ORDER_DELIVERED: _("Order delivered"),
    Event.ORDER_REFUNDED: _("Order refunded"),
    Event.PASSWORD_RESET: _("Password reset"),
    Event.LOW_STOCK: _("Low stock"),
    Event.BASKET_REMINDER: _("Basket reminder"),
}

# The order statuses that tell the customer something (see commerce/order/statuses.py).
STATUS_EVENTS = {
    "Paid": Event.PAYMENT_RECEIVED,
    "Payment failed": Event.PAYMENT_FAILED,
    "Shipped": Event.ORDER_SHIPPED,
    "Delivered": Event.ORDER_DELIVERED,
    "Refunded": Event.ORDER_REFUNDED,
    "Partially refunded": Event.ORDER_REFUNDED,
}
