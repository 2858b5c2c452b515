"""Data crossing between the shop and payment providers, and the contract every gateway meets.

One package per provider (``sandbox``, ``stripe``, ``chapa``, ``flexpay``) implements
:class:`Gateway`; nothing outside ``commerce.payment`` talks to a provider directly.
Amounts are ``Decimal`` in major units (10.50 EUR); each client converts to what its API wants.
The outcomes at the end (``PaymentOutcome``, ``RefundOutcome``) are what the payment services
hand to ``commerce.order.actions``, which moves the order: payments know nothing of its pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol


class PaymentStatus(StrEnum):
    PENDING = "pending"  # started, shopper or provider has not finished yet
    PAID = "paid"  # money taken
    FAILED = "failed"  # declined by the provider
    CANCELLED = "cancelled"  # abandoned by the shopper or expired at the provider


class RefundStatus(StrEnum):
    SUCCEEDED = "succeeded"
    PENDING = "pending"  # accepted, settles later
    FAILED = "failed"


@dataclass(frozen=True)
class PaymentStartRequest:
    order_number: str
    amount: Decimal
    currency: str
    # Absolute URLs on this shop. The provider sends the shopper back to ``return_url`` (success
    # or not: the shop verifies) or ``cancel_url``, and posts server-to-server to ``webhook_url``.
    return_url: str
    cancel_url: str
    webhook_url: str
    email: str = ""
    phone: str = ""  # E.164 (+243...), for mobile money
    first_name: str = ""
    last_name: str = ""
    description: str = ""


@dataclass(frozen=True)
class PaymentStartResult:
    reference: str  # the provider's id for this payment; verify and refund take it
    redirect_url: str = ""  # hosted payment page; empty for a direct (push) payment
    status: PaymentStatus = PaymentStatus.PENDING


@dataclass(frozen=True)
class PaymentVerification:
    """What the provider says, server to server, about one payment."""

    reference: str
    status: PaymentStatus
    amount: Decimal
    currency: str
    transaction_id: str = ""  # provider's charge id where it differs (Stripe PaymentIntent)
    message: str = ""


@dataclass(frozen=True)
class RefundRequest:
    reference: str
    amount: Decimal
    currency: str
    order_number: str
    # Our id for this refund, sent as the provider's idempotency key where it has one, so a
    # retried task never refunds twice.
    refund_id: str
    transaction_id: str = ""
    phone: str = ""
    reason: str = ""


@dataclass(frozen=True)
class RefundResult:
    refund_reference: str
    amount: Decimal
    status: RefundStatus
    message: str = ""


@dataclass(frozen=True)
class WebhookEvent:
    """A provider callback whose signature checked out.

    ``event_id`` is unique per provider: the shop stores each one once and ignores duplicates.
    ``reference`` names the payment it is about (the one ``payment_start`` returned), if any.
    """

    event_id: str
    kind: str
    reference: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PaymentOutcome:
    """What verifying an order's payment found that the order must follow.

    The money is already on record (``payment_verify``); moving the order is the caller's.
    """

    status: PaymentStatus  # PAID, FAILED or CANCELLED, never PENDING
    note: str  # why, for the order's history


@dataclass(frozen=True)
class RefundOutcome:
    """A refund the provider has paid out, recorded against the order's payment."""

    order_id: int
    amount: Decimal
    currency: str
    fully_refunded: bool  # nothing paid is left to refund


class PaymentProviderError(Exception):
    """The provider could not be reached or refused the call; the caller may retry."""


class WebhookSignatureError(Exception):
    """A callback that is forged, stale, malformed or not for this shop."""


class Gateway(Protocol):
    code: str  # "stripe"; also the webhook URL segment and Oscar's SourceType code
    name: str  # shown to shoppers at checkout
    # Currencies the provider accepts (ISO 4217); None means any.
    currencies: frozenset[str] | None
    # True when the shopper must give a phone number (mobile money).
    needs_phone: bool

    def payment_start(self, *, request: PaymentStartRequest) -> PaymentStartResult: ...

    def payment_verify(self, *, reference: str) -> PaymentVerification: ...

    def payment_refund(self, *, request: RefundRequest) -> RefundResult: ...

    def webhook_parse(
        self, *, body: bytes, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> WebhookEvent:
        """Verify the signature and parse; raise WebhookSignatureError when it does not hold."""
        ...
