"""Taking payment for an order that checkout is about to place."""

from __future__ import annotations

from decimal import Decimal

from oscar.apps.payment.exceptions import PaymentError
from oscar.core.loading import get_model

from commerce.payment.interface import PaymentRequest, PaymentResult
from commerce.payment.sandbox import gateway as sandbox


def payment_take(
    *, order_number: str, amount: Decimal, currency: str
) -> tuple[object, PaymentResult]:
    """Charge through the sandbox provider; return an unsaved Oscar ``Source`` and the result.

    Checkout saves the source with the order, so a failed order leaves no orphan payment row.
    """
    result = sandbox.payment_charge(
        request=PaymentRequest(order_number=order_number, amount=amount, currency=currency)
    )
    if not result.approved:
        raise PaymentError(result.message)
    source_type, _ = get_model("payment", "SourceType").objects.get_or_create(
        code=sandbox.PROVIDER, defaults={"name": sandbox.SOURCE_TYPE_NAME}
    )
    source = get_model("payment", "Source")(
        source_type=source_type,
        currency=currency,
        amount_allocated=amount,
        amount_debited=amount,
        reference=result.reference,
    )
    return source, result
