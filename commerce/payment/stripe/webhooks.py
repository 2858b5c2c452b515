"""Stripe webhooks: verify the ``Stripe-Signature`` header, then parse the event.

Stripe signs ``f"{timestamp}.{body}"`` with HMAC-SHA256 under the endpoint's signing secret
and sends ``t=<timestamp>,v1=<hex>[,v1=<hex>...]`` (several ``v1`` while a secret is rolled).
The SDK's verifier is used rather than a copy of it; an old timestamp is refused so a captured
request cannot be replayed later.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import stripe

from commerce.payment.interface import WebhookEvent, WebhookSignatureError

SIGNATURE_HEADER = "Stripe-Signature"
# Stripe's documented default: long enough for clock skew and delivery delays.
TOLERANCE_SECONDS = 300
# Events about a Checkout Session carry the session, whose id is the reference payment_start
# returned. PaymentIntent and charge events only name the order in metadata, which is not a
# reference, so they are stored without one.
_SESSION_EVENT_PREFIX = "checkout.session."


def _header(*, headers: Mapping[str, str], name: str) -> str:
    # Django's request.headers is case-insensitive already, a plain dict is not.
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return ""


def webhook_event_parse(*, body: bytes, headers: Mapping[str, str], secret: str) -> WebhookEvent:
    """The event in ``body``, once its signature holds; WebhookSignatureError otherwise."""
    signature = _header(headers=headers, name=SIGNATURE_HEADER)
    if not signature:
        raise WebhookSignatureError(f"missing {SIGNATURE_HEADER} header")
    try:
        stripe.WebhookSignature.verify_header(body, signature, secret, TOLERANCE_SECONDS)
    except stripe.SignatureVerificationError as exc:
        raise WebhookSignatureError(f"Stripe signature rejected: {exc.user_message}") from exc
    except UnicodeDecodeError as exc:
        # The signature is computed over the text of the body; bytes that are not UTF-8 cannot
        # have come from Stripe.
        raise WebhookSignatureError("webhook body is not UTF-8") from exc

    try:
        payload: Any = json.loads(body)
    except ValueError as exc:
        raise WebhookSignatureError("webhook body is not JSON") from exc
    if not isinstance(payload, dict):
        raise WebhookSignatureError("webhook body is not a Stripe event")
    event_id = payload.get("id")
    kind = payload.get("type")
    if not isinstance(event_id, str) or not event_id or not isinstance(kind, str) or not kind:
        raise WebhookSignatureError("webhook body is not a Stripe event (no id or type)")

    reference = ""
    if kind.startswith(_SESSION_EVENT_PREFIX):
        data = payload.get("data")
        obj = data.get("object") if isinstance(data, dict) else None
        if isinstance(obj, dict) and isinstance(obj.get("id"), str):
            reference = obj["id"]
    return WebhookEvent(event_id=event_id, kind=kind, reference=reference, payload=payload)
