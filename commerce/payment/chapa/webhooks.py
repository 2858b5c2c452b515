"""Chapa's webhook deliveries: check the HMAC, then read the event.

Chapa signs each delivery with the webhook secret ("secret hash") set in its dashboard and sends
two headers. ``x-chapa-signature`` is the HMAC-SHA256 of the event payload; ``chapa-signature``
is, for standard webhooks, the HMAC of the secret itself (custom webhooks put the payload HMAC
there instead). Chapa's documentation accepts either header, but a value that does not cover the
body proves only that the sender once saw a signed delivery: anyone holding one could replay it
with a forged body. So only a header that equals the HMAC of the raw body is accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping

from commerce.payment.interface import WebhookEvent, WebhookSignatureError

SIGNATURE_HEADERS = ("x-chapa-signature", "chapa-signature")


def webhook_signature(*, secret: str, body: bytes) -> str:
    """The hex HMAC-SHA256 of ``body``, as Chapa computes it."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _header(headers: Mapping[str, str], name: str) -> str:
    # Django's request.headers is case-insensitive, a plain dict is not: compare names folded.
    for key, value in headers.items():
        if key.lower() == name:
            return str(value).strip().lower()
    return ""


def webhook_verify(*, secret: str, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
    """Verify the signature on ``body`` and parse it; raise WebhookSignatureError otherwise."""
    if not secret:
        raise WebhookSignatureError("no Chapa webhook secret is configured")
    signatures = [value for name in SIGNATURE_HEADERS if (value := _header(headers, name))]
    if not signatures:
        raise WebhookSignatureError("the Chapa signature header is missing")
    expected = webhook_signature(secret=secret, body=body)
    if not any(hmac.compare_digest(expected, signature) for signature in signatures):
        raise WebhookSignatureError("the Chapa signature does not match the body")

    try:
        payload = json.loads(body)
    except ValueError as error:
        raise WebhookSignatureError("the Chapa webhook body is not JSON") from error
    if not isinstance(payload, dict):
        raise WebhookSignatureError("the Chapa webhook body is not a JSON object")

    # Transaction events carry their fields at the top level; older payloads nest them in "data".
    fields = payload if "tx_ref" in payload or "reference" in payload else payload.get("data")
    if not isinstance(fields, dict):
        fields = {}
    kind = str(payload.get("event") or fields.get("event") or "unknown")
    tx_ref = str(fields.get("tx_ref") or "")
    chapa_reference = str(fields.get("reference") or "")
    # Chapa retries a delivery until it is acknowledged and sends no delivery id: the event name
    # and the payment it is about identify a delivery (a payment succeeds or is refunded once).
    subject = chapa_reference or tx_ref or hashlib.sha256(body).hexdigest()
    return WebhookEvent(
        event_id=f"{kind}:{subject}",
        kind=kind,
        reference=tx_ref,
        payload=payload,
    )
