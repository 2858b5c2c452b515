"""Stripe as a :class:`~commerce.payment.interface.Gateway`: hosted Checkout, then the
PaymentIntent behind it for refunds.

The reference the shop keeps is the Checkout Session id (``cs_...``); the PaymentIntent id
(``pi_...``) is reported by :meth:`StripeGateway.payment_verify` as ``transaction_id``.
"""

from __future__ import annotations

from collections.abc import Mapping

import stripe
from django.conf import settings
from django.utils.translation import gettext_noop

from commerce.payment.interface import (
    PaymentStartRequest,
    PaymentStartResult,
    PaymentStatus,
    PaymentVerification,
    RefundRequest,
    RefundResult,
    RefundStatus,
    WebhookEvent,
)
from commerce.payment.stripe import client, webhooks

# A Checkout Session is settled once the money is in, or when nothing was owed (a 100% coupon).
_SETTLED_PAYMENT_STATUSES = frozenset({"paid", "no_payment_required"})
_REFUND_STATUSES = {
    "succeeded": RefundStatus.SUCCEEDED,
    "pending": RefundStatus.PENDING,
    # The shopper has to act (some non-card methods); the money has not gone back yet.
    "requires_action": RefundStatus.PENDING,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}


def _payment_intent_id(value: object) -> str:
    # The session holds the intent's id, or the intent itself when a caller expanded it.
    if isinstance(value, str):
        return value
    return getattr(value, "id", "") or ""


class StripeGateway:
    code = "stripe"
    # Translated where shoppers see it (commerce.checkout); stored as is (the source type).
    name = gettext_noop("Card (Stripe)")
    currencies: frozenset[str] | None = None
    needs_phone = False

    def __init__(
        self, *, secret_key: str, webhook_secret: str, api_base: str, timeout: float
    ) -> None:
        self._client = client.client_build(api_key=secret_key, api_base=api_base, timeout=timeout)
        self._webhook_secret = webhook_secret

    def payment_start(self, *, request: PaymentStartRequest) -> PaymentStartResult:
        session = client.checkout_session_create(
            client=self._client,
            order_number=request.order_number,
            amount=request.amount,
            currency=request.currency,
            success_url=request.return_url,
            cancel_url=request.cancel_url,
            email=request.email,
            description=request.description,
        )
        return PaymentStartResult(reference=session.id, redirect_url=session.url or "")

    def payment_verify(self, *, reference: str) -> PaymentVerification:
        session = client.checkout_session_retrieve(client=self._client, session_id=reference)
        if session.payment_status in _SETTLED_PAYMENT_STATUSES:
            status = PaymentStatus.PAID
        elif session.status == "expired":
            status = PaymentStatus.CANCELLED
        else:
            # "open" (shopper still on the page) and "complete" but unpaid (a delayed method
            # such as a bank debit) both settle later, reported by webhook.
            status = PaymentStatus.PENDING
        currency = (session.currency or "").upper()
        return PaymentVerification(
            reference=session.id,
            status=status,
            amount=client.amount_from_minor(amount=session.amount_total or 0, currency=currency),
            currency=currency,
            transaction_id=_payment_intent_id(session.payment_intent),
            message=f"Checkout Session {session.status}, payment {session.payment_status}",
        )

    def payment_refund(self, *, request: RefundRequest) -> RefundResult:
        intent_id = request.transaction_id or self._session_payment_intent(request.reference)
        if not intent_id:
            return RefundResult(
                refund_reference="",
                amount=request.amount,
                status=RefundStatus.FAILED,
                message="The shopper has not paid: there is nothing to refund.",
            )
        refund = client.refund_create(
            client=self._client,
            payment_intent_id=intent_id,
            amount=request.amount,
            currency=request.currency,
            order_number=request.order_number,
            idempotency_key=request.refund_id,
            reason=request.reason,
        )
        status = _REFUND_STATUSES.get(refund.status or "", RefundStatus.PENDING)
        failure = getattr(refund, "failure_reason", None) if status is RefundStatus.FAILED else None
        return RefundResult(
            refund_reference=refund.id,
            amount=client.amount_from_minor(amount=refund.amount, currency=refund.currency),
            status=status,
            message=f"Refund {refund.status}" + (f": {failure}" if failure else ""),
        )

    def webhook_parse(
        self, *, body: bytes, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> WebhookEvent:
        return webhooks.webhook_event_parse(body=body, headers=headers, secret=self._webhook_secret)

    def _session_payment_intent(self, session_id: str) -> str:
        session: stripe.checkout.Session = client.checkout_session_retrieve(
            client=self._client, session_id=session_id
        )
        return _payment_intent_id(session.payment_intent)


def gateway_from_settings() -> StripeGateway | None:
    """The configured gateway, or None when credentials are missing (then it is not offered)."""
    if not settings.STRIPE_SECRET_KEY or not settings.STRIPE_WEBHOOK_SECRET:
        return None
    return StripeGateway(
        secret_key=settings.STRIPE_SECRET_KEY,
        webhook_secret=settings.STRIPE_WEBHOOK_SECRET,
        api_base=settings.STRIPE_API_BASE,
        timeout=settings.PAYMENT_PROVIDER_TIMEOUT,
    )
