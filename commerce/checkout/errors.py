"""Why a checkout did not go through, as one code per reason; each entry point words its answer."""

from __future__ import annotations

from enum import StrEnum


class CheckoutErrorCode(StrEnum):
    # Another request placed this basket's order, or is placing it right now.
    BASKET_CHECKED_OUT = "basket_checked_out"
    # A line can no longer be had in the quantity asked for; nothing was written.
    OUT_OF_STOCK = "out_of_stock"
    # The Idempotency-Key was first sent with another request body.
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    # The order was placed but the provider could not open its payment: the order is now
    # Payment failed and no money was taken.
    PAYMENT_UNAVAILABLE = "payment_unavailable"


class CheckoutError(Exception):
    """A checkout that was refused or undone; ``order`` is set when an order had been placed."""

    def __init__(self, *, code: CheckoutErrorCode, message: str, order=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.order = order
