"""The sandbox provider's side: the shopper's decision on its hosted page, then its callback."""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import transaction

from commerce.payment.sandbox import webhooks
from commerce.payment.sandbox.models import SandboxPayment

DECISIONS = {
    "approve": SandboxPayment.Status.PAID,
    "decline": SandboxPayment.Status.FAILED,
    "abandon": SandboxPayment.Status.CANCELLED,
}


def sandbox_callback_body(*, payment: SandboxPayment) -> bytes:
    event = {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": f"payment.{payment.status}",
        "data": {
            "reference": payment.reference,
            "order_number": payment.order_number,
            "amount": str(payment.amount),
            "currency": payment.currency,
            "status": payment.status,
        },
    }
    return json.dumps(event, separators=(",", ":")).encode()


def sandbox_payment_decide(*, reference: str, decision: str) -> SandboxPayment:
    """Record the shopper's choice (once) and send the signed callback, as a provider would."""
    from commerce.payment.services import webhook_receive

    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    with transaction.atomic():
        payment = SandboxPayment.objects.select_for_update().get(reference=reference)
        if payment.status != SandboxPayment.Status.PENDING:
            return payment  # decided already (a double click, a back button)
        payment.status = DECISIONS[decision]
        payment.save(update_fields=["status"])
    body = sandbox_callback_body(payment=payment)
    signature = webhooks.webhook_sign(secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET, body=body)
    # The sandbox lives in the same process, so its callback goes straight to the shop's
    # webhook handler, through the same signature check as a callback over HTTP.
    webhook_receive(
        provider_code="sandbox",
        body=body,
        headers={webhooks.SIGNATURE_HEADER: signature},
        query={},
    )
    return payment
