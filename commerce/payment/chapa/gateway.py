"""Chapa gateway: a hosted checkout page, paid at once, refunded by API."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_noop

from commerce.payment.chapa import webhooks
from commerce.payment.chapa.client import ChapaAPIError, ChapaClient
from commerce.payment.interface import (
    PaymentProviderError,
    PaymentStartRequest,
    PaymentStartResult,
    PaymentStatus,
    PaymentVerification,
    RefundRequest,
    RefundResult,
    RefundStatus,
    WebhookEvent,
)

# A start whose answer was lost has already used its tx_ref at Chapa, which refuses a reused one
# and does not hand the checkout URL out again. Retries therefore walk a fixed sequence
# (``N``, ``N-2``, ``N-3``...), so a paid earlier attempt is always found again.
MAX_START_ATTEMPTS = 5

# What Chapa's verify answer (``data.status``) and its webhooks call a payment.
_PAYMENT_STATUSES = {
    "success": PaymentStatus.PAID,
    # A refund or reversal does not undo the payment for the order: refunds are tracked apart.
    "refunded": PaymentStatus.PAID,
    "failed": PaymentStatus.FAILED,
    # Reversed by the bank or wallet after the fact: the money did not stay with the shop.
    "reversed": PaymentStatus.FAILED,
    "cancelled": PaymentStatus.CANCELLED,
    "pending": PaymentStatus.PENDING,
}

# Chapa validates the checkout description strictly and refuses the whole payment otherwise.
_DESCRIPTION_DISALLOWED = re.compile(r"[^A-Za-z0-9 ._-]+")
_CENT = Decimal("0.01")


def _amount_text(amount: Decimal) -> str:
    """Chapa takes the amount in major units as a string: ``"1234.50"``."""
    cents = amount.quantize(_CENT)
    if cents != amount:
        raise ValueError(f"{amount} has more than two decimal places")
    return f"{cents:.2f}"


def _local_phone(phone: str) -> str:
    """Chapa accepts only a ten-digit Ethiopian number (09xxxxxxxx or 07xxxxxxxx), optionally."""
    digits = phone.strip().removeprefix("+")
    if digits.isdigit() and len(digits) == 12 and digits[:4] in ("2519", "2517"):
        return "0" + digits[3:]
    return ""


def _decimal(value: Any, *, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as error:
        raise PaymentProviderError(f"Chapa sent an unreadable {what}: {value!r}") from error


def _tx_ref(*, order_number: str, attempt: int) -> str:
    return order_number if attempt == 0 else f"{order_number}-{attempt + 1}"


class ChapaGateway:
    code = "chapa"
    # Translated where shoppers see it (commerce.checkout); stored as is (the source type).
    name = gettext_noop("Chapa")
    currencies: frozenset[str] | None = frozenset({"ETB", "USD"})
    needs_phone = False

    def __init__(self, *, client: ChapaClient, webhook_secret: str):
        self.client = client
        self.webhook_secret = webhook_secret

    def payment_start(self, *, request: PaymentStartRequest) -> PaymentStartResult:
        if request.amount <= 0:
            raise ValueError("a payment amount must be positive")
        if request.currency not in (self.currencies or ()):
            raise ValueError(f"Chapa does not take payments in {request.currency}")
        fields = self._initialize_fields(request)
        for attempt in range(MAX_START_ATTEMPTS):
            tx_ref = _tx_ref(order_number=request.order_number, attempt=attempt)
            try:
                answer = self.client.transaction_initialize(fields={**fields, "tx_ref": tx_ref})
            except ChapaAPIError as error:
                if not error.is_duplicate_reference:
                    raise
                if self._already_paid(tx_ref):
                    # Paid through an earlier checkout whose start answer was lost: send the
                    # shopper straight back, where the shop verifies the payment.
                    return PaymentStartResult(
                        reference=tx_ref,
                        redirect_url=request.return_url,
                        status=PaymentStatus.PAID,
                    )
                continue
            data = answer.get("data")
            checkout_url = data.get("checkout_url") if isinstance(data, dict) else None
            if not checkout_url:
                raise PaymentProviderError(
                    f"Chapa accepted transaction {tx_ref} but sent no checkout URL"
                )
            return PaymentStartResult(reference=tx_ref, redirect_url=str(checkout_url))
        raise PaymentProviderError(
            f"Chapa already holds {MAX_START_ATTEMPTS} unpaid transactions for order "
            f"{request.order_number}; no further attempt is started"
        )

    def payment_verify(self, *, reference: str) -> PaymentVerification:
        try:
            answer = self.client.transaction_verify(tx_ref=reference)
        except ChapaAPIError as error:
            if error.is_not_paid_yet:
                return self._not_paid_yet(reference=reference, message=error.message)
            raise
        data = answer.get("data")
        message = str(answer.get("message") or "")
        if not isinstance(data, dict):
            # Chapa also answers an unpaid transaction with HTTP 200, a null status and no data.
            if "not paid yet" in message.lower():
                return self._not_paid_yet(reference=reference, message=message)
            raise PaymentProviderError(f"Chapa's answer for {reference} names no transaction")
        if data.get("tx_ref") not in (None, "", reference):
            raise PaymentProviderError(
                f"Chapa answered for transaction {data.get('tx_ref')!r}, not {reference!r}"
            )
        chapa_status = str(data.get("status") or "").lower()
        return PaymentVerification(
            reference=reference,
            # Anything Chapa may add later stays pending: neither fulfilled nor cancelled.
            status=_PAYMENT_STATUSES.get(chapa_status, PaymentStatus.PENDING),
            amount=_decimal(data.get("amount"), what="amount"),
            currency=str(data.get("currency") or ""),
            transaction_id=str(data.get("reference") or ""),
            message=message or chapa_status,
        )

    def payment_refund(self, *, request: RefundRequest) -> RefundResult:
        if request.amount <= 0:
            raise ValueError("a refund amount must be positive")
        # Chapa refunds by its own reference for the payment, which verify reports.
        chapa_reference = request.transaction_id or self._chapa_reference(request.reference)
        try:
            answer = self.client.refund_create(
                chapa_reference=chapa_reference,
                fields={
                    "reason": request.reason or f"Refund for order {request.order_number}",
                    "amount": _amount_text(request.amount),
                    # Chapa keeps a refund reference unique per business, so a retried refund
                    # with the same id is refused instead of paid out twice.
                    "reference": request.refund_id,
                    "meta[order_number]": request.order_number,
                    "meta[refund_id]": request.refund_id,
                },
            )
        except ChapaAPIError as error:
            if not error.is_duplicate_reference:
                raise
            # An earlier attempt whose answer was lost already started this refund.
            return RefundResult(
                refund_reference=request.refund_id,
                amount=request.amount,
                status=RefundStatus.PENDING,
                message=error.message,
            )
        data = answer.get("data")
        data = data if isinstance(data, dict) else {}
        return RefundResult(
            refund_reference=str(data.get("ref_id") or data.get("ref") or request.refund_id),
            amount=request.amount,
            status=self._refund_status(str(data.get("status") or "")),
            message=str(answer.get("message") or ""),
        )

    def webhook_parse(
        self, *, body: bytes, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> WebhookEvent:
        return webhooks.webhook_verify(secret=self.webhook_secret, body=body, headers=headers)

    def _initialize_fields(self, request: PaymentStartRequest) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "amount": _amount_text(request.amount),
            "currency": request.currency,
            # Chapa calls callback_url when a payment completes; the shop verifies from there.
            "callback_url": request.webhook_url,
            "return_url": request.return_url,
        }
        optional = {
            "email": request.email,
            "first_name": request.first_name,
            "last_name": request.last_name,
            "phone_number": _local_phone(request.phone),
        }
        fields.update({key: value for key, value in optional.items() if value})
        # No title: Chapa shows the business name from its dashboard (and caps a title at 16).
        description = " ".join(_DESCRIPTION_DISALLOWED.sub(" ", request.description).split())
        if description:
            fields["customization"] = {"description": description}
        return fields

    def _already_paid(self, tx_ref: str) -> bool:
        try:
            verification = self.payment_verify(reference=tx_ref)
        except ChapaAPIError as error:
            if error.status_code == 404:
                return False
            raise
        return verification.status == PaymentStatus.PAID

    def _chapa_reference(self, tx_ref: str) -> str:
        verification = self.payment_verify(reference=tx_ref)
        if verification.status != PaymentStatus.PAID or not verification.transaction_id:
            raise PaymentProviderError(
                f"Chapa transaction {tx_ref} is {verification.status.value}, not paid: "
                "nothing to refund"
            )
        return verification.transaction_id

    @staticmethod
    def _not_paid_yet(*, reference: str, message: str) -> PaymentVerification:
        # Chapa sends no amount for an unpaid transaction; the shop only trusts a paid amount.
        return PaymentVerification(
            reference=reference,
            status=PaymentStatus.PENDING,
            amount=Decimal("0"),
            currency="",
            message=message,
        )

    @staticmethod
    def _refund_status(chapa_status: str) -> RefundStatus:
        # Chapa answers "Refund Initiated" and settles within days ("refunded" in its webhook).
        folded = chapa_status.lower()
        if folded in ("refunded", "success", "successful", "completed"):
            return RefundStatus.SUCCEEDED
        if folded in ("failed", "reversed", "cancelled"):
            return RefundStatus.FAILED
        return RefundStatus.PENDING


def gateway_from_settings() -> ChapaGateway | None:
    """The Chapa gateway, or None when this shop has no Chapa credentials."""
    if not settings.CHAPA_SECRET_KEY or not settings.CHAPA_WEBHOOK_SECRET:
        return None
    return ChapaGateway(
        client=ChapaClient(
            secret_key=settings.CHAPA_SECRET_KEY,
            api_base=settings.CHAPA_API_BASE,
            timeout=settings.PAYMENT_PROVIDER_TIMEOUT,
        ),
        webhook_secret=settings.CHAPA_WEBHOOK_SECRET,
    )
