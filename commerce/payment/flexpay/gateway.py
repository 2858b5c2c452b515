"""FlexPay gateway: mobile money pushed to the shopper's phone, refunded by a payout."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_noop

from commerce.payment.flexpay import webhooks
from commerce.payment.flexpay.client import FlexPayClient
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

# ``transaction.status`` in FlexPay's check answer.
_PAYMENT_STATUSES = {
    "0": PaymentStatus.PAID,
    "1": PaymentStatus.FAILED,
    "2": PaymentStatus.PENDING,
}


def msisdn(phone: str) -> str:
    """An E.164 DR Congo number (+243812345678) as FlexPay wants it: 243812345678."""
    if not phone.strip():
        raise ValueError(
            "FlexPay mobile money needs the shopper's phone number (E.164, like +243812345678)"
        )
    digits = phone.strip().removeprefix("+").replace(" ", "")
    if not (digits.isdigit() and len(digits) == 12 and digits.startswith("243")):
        raise ValueError(
            f"FlexPay needs a DR Congo mobile number like +243812345678, not {phone!r}"
        )
    return digits


class FlexPayGateway:
    code = "flexpay"
    # Translated where shoppers see it (commerce.checkout); stored as is (the source type).
    name = gettext_noop("Mobile money (FlexPay)")
    currencies: frozenset[str] | None = frozenset({"CDF", "USD"})
    needs_phone = True

    def __init__(self, *, client: FlexPayClient, payout_callback_url: str):
        self.client = client
        self.payout_callback_url = payout_callback_url

    def payment_start(self, *, request: PaymentStartRequest) -> PaymentStartResult:
        if request.amount <= 0:
            raise ValueError("a payment amount must be positive")
        if request.currency not in (self.currencies or ()):
            raise ValueError(f"FlexPay does not take payments in {request.currency}")
        answer = self.client.payment_request(
            reference=request.order_number,
            phone=msisdn(request.phone),
            amount=request.amount,
            currency=request.currency,
            # FlexPay does not sign callbacks: the URL carries a token for this order instead.
            callback_url=webhooks.callback_url_sign(
                url=request.webhook_url, reference=request.order_number
            ),
        )
        order_number = str(answer.get("orderNumber") or "")
        if not order_number:
            raise PaymentProviderError(
                f"FlexPay accepted the payment for order {request.order_number} "
                "but sent no orderNumber"
            )
        # A push payment: nothing to redirect to while the shopper approves on their phone.
        return PaymentStartResult(reference=order_number, redirect_url="")

    def payment_verify(self, *, reference: str) -> PaymentVerification:
        answer = self.client.transaction_check(order_number=reference)
        transaction = answer.get("transaction")
        if not isinstance(transaction, dict):
            raise PaymentProviderError(f"FlexPay's check of {reference} names no transaction")
        flexpay_status = str(transaction.get("status"))
        try:
            amount = Decimal(str(transaction.get("amount")))
        except InvalidOperation as error:
            raise PaymentProviderError(
                f"FlexPay sent an unreadable amount for {reference}: {transaction.get('amount')!r}"
            ) from error
        return PaymentVerification(
            reference=reference,
            # A status FlexPay may add later stays pending: neither fulfilled nor cancelled.
            status=_PAYMENT_STATUSES.get(flexpay_status, PaymentStatus.PENDING),
            amount=amount,
            currency=str(transaction.get("currency") or ""),
            message=str(answer.get("message") or ""),
        )

    def payment_refund(self, *, request: RefundRequest) -> RefundResult:
        """Send the amount back to the shopper's phone through FlexPay's merchant payout.

        FlexPay has no refund of a payment as such; a payout is a new transfer, paid from the
        merchant's mobile money balance.
        """
        if request.amount <= 0:
            raise ValueError("a refund amount must be positive")
        if request.currency not in (self.currencies or ()):
            raise ValueError(f"FlexPay does not pay out in {request.currency}")
        phone = msisdn(request.phone)
        answer = self.client.payout_request(
            reference=request.refund_id,
            phone=phone,
            amount=request.amount,
            currency=request.currency,
            callback_url=webhooks.callback_url_sign(
                url=self.payout_callback_url,
                reference=request.refund_id,
                purpose=webhooks.PURPOSE_REFUND,
            ),
        )
        order_number = str(answer.get("orderNumber") or "")
        if not order_number:
            raise PaymentProviderError(
                f"FlexPay accepted refund {request.refund_id} but sent no orderNumber"
            )
        # The payout settles once the operator confirms it; check/<orderNumber> tells when.
        return RefundResult(
            refund_reference=order_number,
            amount=request.amount,
            status=RefundStatus.PENDING,
            message=str(answer.get("message") or ""),
        )

    def webhook_parse(
        self, *, body: bytes, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> WebhookEvent:
        return webhooks.webhook_verify(body=body, headers=headers, query=query)


def gateway_from_settings() -> FlexPayGateway | None:
    """The FlexPay gateway, or None when this shop has no FlexPay credentials."""
    if not settings.FLEXPAY_TOKEN or not settings.FLEXPAY_MERCHANT:
        return None
    return FlexPayGateway(
        client=FlexPayClient(
            token=settings.FLEXPAY_TOKEN,
            merchant=settings.FLEXPAY_MERCHANT,
            api_base=settings.FLEXPAY_API_BASE,
            timeout=settings.PAYMENT_PROVIDER_TIMEOUT,
        ),
        # A payout needs a callback URL and a refund request carries none: use the shop's
        # webhook route on the site's public base URL.
        payout_callback_url=urljoin(
            settings.WAGTAILADMIN_BASE_URL,
            reverse("payment-webhook", kwargs={"provider": "flexpay"}),
        ),
    )
