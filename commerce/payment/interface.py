"""Data crossing between checkout and payment providers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PaymentRequest:
    order_number: str
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class PaymentResult:
    provider: str
    reference: str
    amount: Decimal
    currency: str
    approved: bool
    message: str = ""
