"""Signed sandbox callbacks: the same scheme as Stripe's (timestamped HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping

from commerce.payment.interface import WebhookEvent, WebhookSignatureError

SIGNATURE_HEADER = "Sandbox-Signature"
TOLERANCE_SECONDS = 300


def _digest(*, secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def webhook_sign(*, secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for ``body``: ``t=<unix time>,v1=<hex HMAC>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    return f"t={timestamp},v1={_digest(secret=secret, timestamp=timestamp, body=body)}"


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return ""


def webhook_verify(
    *, secret: str, body: bytes, headers: Mapping[str, str], now: float | None = None
) -> WebhookEvent:
    header = _header(headers, SIGNATURE_HEADER)
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
        signature = parts["v1"]
    except (KeyError, ValueError) as error:
        raise WebhookSignatureError("missing or malformed signature header") from error
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        raise WebhookSignatureError("signature timestamp outside the tolerance")
    expected = _digest(secret=secret, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected, signature):
        raise WebhookSignatureError("signature does not match")
    try:
        payload = json.loads(body)
        return WebhookEvent(
            event_id=str(payload["id"]),
            kind=str(payload["type"]),
            reference=str(payload["data"]["reference"]),
            payload=payload,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise WebhookSignatureError("callback body is not a sandbox event") from error
