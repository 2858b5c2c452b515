"""Sandbox gateway: a hosted payment page on this site, with the sandbox's own ledger."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

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
from commerce.payment.sandbox import webhooks
from commerce.payment.sandbox.models import SandboxPayment


class SandboxGateway:
    code = "sandbox"
    # Translated where shoppers see it (commerce.checkout); stored as is (the source type).
    name = gettext_noop("Sandbox (test payments)")
    currencies = None
    needs_phone = False

    def __init__(self, *, webhook_secret: str):
        self.webhook_secret = webhook_secret

    def payment_start(self, *, request: PaymentStartRequest) -> PaymentStartResult:
        if request.amount <= 0:
            raise ValueError("a payment amount must be positive")
        payment = SandboxPayment.objects.create(
            reference=f"sbx_{uuid.uuid4().hex}",
            order_number=request.order_number,
            amount=request.amount,
            currency=request.currency,
            return_url=request.return_url,
            cancel_url=request.cancel_url,
            webhook_url=request.webhook_url,
        )
        return PaymentStartResult(
            reference=payment.reference,
            redirect_url=reverse("payment-sandbox-page", kwargs={"reference": payment.reference}),
        )

    def payment_verify(self, *, reference: str) -> PaymentVerification:
        payment = self._payment(reference)
        return PaymentVerification(
            reference=reference,
            status=PaymentStatus(payment.status),
            amount=payment.amount,
            currency=payment.currency,
        )

    def payment_refund(self, *, request: RefundRequest) -> RefundResult:
        with transaction.atomic():
            payment = SandboxPayment.objects.select_for_update().get(
                pk=self._payment(request.reference).pk
            )
            if request.refund_id in payment.refund_ids:
                return RefundResult(
                    refund_reference=f"sbx_refund_{request.refund_id}",
                    amount=request.amount,
                    status=RefundStatus.SUCCEEDED,
                )
            refundable = payment.amount - payment.amount_refunded
            if payment.status != SandboxPayment.Status.PAID or request.amount > refundable:
                return RefundResult(
                    refund_reference="",
                    amount=Decimal("0"),
                    status=RefundStatus.FAILED,
                    message=f"the sandbox can refund at most {refundable} {payment.currency}",
                )
            payment.amount_refunded += request.amount
            payment.refund_ids.append(request.refund_id)
            payment.save(update_fields=["amount_refunded", "refund_ids"])
        return RefundResult(
            refund_reference=f"sbx_refund_{request.refund_id}",
            amount=request.amount,
            status=RefundStatus.SUCCEEDED,
        )

    def webhook_parse(
        self, *, body: bytes, headers: Mapping[str, str], query: Mapping[str, str]
    ) -> WebhookEvent:
        return webhooks.webhook_verify(secret=self.webhook_secret, body=body, headers=headers)

    @staticmethod
    def _payment(reference: str) -> SandboxPayment:
        try:
            return SandboxPayment.objects.get(reference=reference)
        except SandboxPayment.DoesNotExist as error:
            raise PaymentProviderError(f"the sandbox has no payment {reference!r}") from error


def gateway_from_settings() -> SandboxGateway | None:
    if not settings.PAYMENT_SANDBOX_ENABLED:
        return None
    return SandboxGateway(webhook_secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET)
