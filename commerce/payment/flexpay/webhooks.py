"""FlexPay's callbacks, which FlexPay does not sign.

Each callback URL the shop gives FlexPay carries ``token``, an HMAC-SHA256 (keyed from Django's
``SECRET_KEY``) of what the callback is for and the reference the shop sent: the order number
for a payment, the refund id for a payout. A callback is accepted only when its token matches
the ``reference`` in its body, so nobody can announce a callback for a payment they were not
given the URL of. The token cannot protect the rest of the body, so the shop trusts none of it:
it confirms the payment with FlexPay's check endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac

from commerce.payment.interface import WebhookEvent, WebhookSignatureError

TOKEN_PARAMETER = "token"
PURPOSE_PARAMETER = "purpose"
PURPOSE_PAYMENT = "payment"
PURPOSE_REFUND = "refund"
# Keeps these tokens apart from every other HMAC the site derives from SECRET_KEY.
_KEY_SALT = "commerce.payment.flexpay.callback"
_KINDS = {PURPOSE_PAYMENT: "payment.callback", PURPOSE_REFUND: "refund.callback"}


def callback_token(*, reference: str, purpose: str = PURPOSE_PAYMENT, secret: str = "") -> str:
    """The token for callbacks about ``reference``; ``secret`` defaults to SECRET_KEY."""
    return salted_hmac(
        _KEY_SALT, f"{purpose}:{reference}", secret=secret or None, algorithm="sha256"
    ).hexdigest()


def callback_url_sign(*, url: str, reference: str, purpose: str = PURPOSE_PAYMENT) -> str:
    """``url`` with the token (and, for a refund, its purpose) added to its query string."""
    parts = urlsplit(url)
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name not in (TOKEN_PARAMETER, PURPOSE_PARAMETER)
    ]
    if purpose != PURPOSE_PAYMENT:
        query.append((PURPOSE_PARAMETER, purpose))
    query.append((TOKEN_PARAMETER, callback_token(reference=reference, purpose=purpose)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _token_holds(*, token: str, reference: str, purpose: str) -> bool:
    # Tokens handed out before a SECRET_KEY rotation stay valid while the old key is a fallback.
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(
        constant_time_compare(
            token, callback_token(reference=reference, purpose=purpose, secret=secret)
        )
        for secret in secrets
        if secret
    )


def webhook_verify(
    *, body: bytes, headers: Mapping[str, str], query: Mapping[str, str]
) -> WebhookEvent:
    """Check the callback URL's token against the body's reference, then parse."""
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise WebhookSignatureError("the FlexPay callback body is not JSON") from error
    if not isinstance(payload, dict):
        raise WebhookSignatureError("the FlexPay callback body is not a JSON object")

    purpose = query.get(PURPOSE_PARAMETER) or PURPOSE_PAYMENT
    if purpose not in _KINDS:
        raise WebhookSignatureError(f"unknown FlexPay callback purpose {purpose!r}")
    token = query.get(TOKEN_PARAMETER) or ""
    reference = str(payload.get("reference") or "")
    if not token:
        raise WebhookSignatureError("the FlexPay callback URL carries no token")
    if not reference or not _token_holds(token=token, reference=reference, purpose=purpose):
        raise WebhookSignatureError("the FlexPay callback token does not match its reference")

    order_number = str(payload.get("orderNumber") or "")
    if not order_number:
        raise WebhookSignatureError("the FlexPay callback names no orderNumber")
    # FlexPay sends no delivery id; one order gets one outcome, so order and code name it.
    return WebhookEvent(
        event_id=f"{order_number}:{payload.get('code')}",
        kind=_KINDS[purpose],
        reference=order_number,
        payload=payload,
    )
