"""Sandbox gateway: settles every payment at once without leaving the machine."""

from __future__ import annotations

from commerce.payment.interface import PaymentRequest, PaymentResult

PROVIDER = "sandbox"
SOURCE_TYPE_NAME = "Sandbox"


def payment_charge(*, request: PaymentRequest) -> PaymentResult:
    if request.amount < 0:
        raise ValueError("a payment amount cannot be negative")
    return PaymentResult(
        provider=PROVIDER,
        reference=f"sandbox-{request.order_number}",
        amount=request.amount,
        currency=request.currency,
        approved=True,
        message="Approved by the sandbox provider",
    )
