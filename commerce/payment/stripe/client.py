"""Thin wrapper over the official Stripe SDK: one function per API call the shop makes.

Callers pass the shop's own values (``Decimal`` amounts in major units, ISO currency codes);
these functions convert them to what Stripe's API wants and turn every SDK failure into
:class:`~commerce.payment.interface.PaymentProviderError`, so nothing above this module needs
to know the SDK's exception tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import stripe

from commerce.payment.interface import PaymentProviderError

# Stripe takes amounts as integers in the currency's minor unit; these currencies have none
# (500 JPY is sent as 500), per https://docs.stripe.com/currencies#zero-decimal.
ZERO_DECIMAL_CURRENCIES = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)
# Sent in thousandths, and Stripe's partners need the last digit to be 0 (whole hundredths).
THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


def _decimal_places(*, currency: str) -> int:
    code = currency.upper()
    if code in ZERO_DECIMAL_CURRENCIES:
        return 0
    if code in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2


def amount_to_minor(*, amount: Decimal, currency: str) -> int:
    """``Decimal("10.50")`` EUR → ``1050``; ``Decimal("500")`` JPY → ``500``.

    An amount finer than Stripe can express is an error rather than silently rounded: charging
    a different sum from the order total would be worse than refusing.
    """
    places = _decimal_places(currency=currency)
    minor = Decimal(amount).scaleb(places)
    if minor != minor.to_integral_value():
        raise ValueError(f"{amount} {currency.upper()} has more decimals than Stripe accepts")
    result = int(minor)
    if places == 3 and result % 10:
        raise ValueError(f"Stripe needs {currency.upper()} amounts in whole hundredths: {amount}")
    return result


def amount_from_minor(*, amount: int, currency: str) -> Decimal:
    """``1050`` EUR → ``Decimal("10.50")``; ``500`` JPY → ``Decimal("500")``."""
    return Decimal(amount).scaleb(-_decimal_places(currency=currency))


def client_build(*, api_key: str, api_base: str, timeout: float) -> stripe.StripeClient:
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base},
        # requests rather than the SDK's pick of HTTP library, so the timeout is explicit and
        # the same in every deployment.
        http_client=stripe.RequestsClient(timeout=timeout),
        # The SDK would otherwise retry quietly inside a web request; the shop's tasks own the
        # retry policy. Starts and refunds carry keys of ours, so their retries repeat nothing.
        max_network_retries=0,
    )


@contextmanager
def _stripe_errors(*, action: str) -> Iterator[None]:
    try:
        yield
    except stripe.StripeError as exc:
        status = f"HTTP {exc.http_status}" if exc.http_status else "no response"
        code = f", {exc.code}" if exc.code else ""
        message = exc.user_message or str(exc)
        raise PaymentProviderError(
            f"Stripe could not {action} ({type(exc).__name__}, {status}{code}): {message}"
        ) from exc


def checkout_session_create(
    *,
    client: stripe.StripeClient,
    order_number: str,
    amount: Decimal,
    currency: str,
    success_url: str,
    cancel_url: str,
    email: str = "",
    description: str = "",
) -> stripe.checkout.Session:
    """A hosted Checkout page for one order, paid as a single line.

    Stripe's idempotency key is derived from the order number, so a retried start (double
    click, task retry) gets the same session back instead of a second one.
    """
    product_data: dict[str, Any] = {"name": f"Order {order_number}"}
    if description:
        # Stripe rejects an empty description, so it is only sent when there is one.
        product_data["description"] = description
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": currency.lower(),
                    "unit_amount": amount_to_minor(amount=amount, currency=currency),
                    "product_data": product_data,
                },
                "quantity": 1,
            }
        ],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": order_number,
        "metadata": {"order_number": order_number},
        # Copied onto the PaymentIntent so its events and the dashboard name the order too.
        "payment_intent_data": {"metadata": {"order_number": order_number}},
    }
    if email:
        params["customer_email"] = email
    with _stripe_errors(action=f"start the payment for order {order_number}"):
        return client.v1.checkout.sessions.create(
            params,  # type: ignore[arg-type]
            {"idempotency_key": f"checkout-{order_number}"},
        )


def checkout_session_retrieve(
    *, client: stripe.StripeClient, session_id: str
) -> stripe.checkout.Session:
    with _stripe_errors(action=f"fetch checkout session {session_id}"):
        return client.v1.checkout.sessions.retrieve(session_id)


def payment_intent_retrieve(
    *, client: stripe.StripeClient, payment_intent_id: str
) -> stripe.PaymentIntent:
    with _stripe_errors(action=f"fetch payment {payment_intent_id}"):
        return client.v1.payment_intents.retrieve(payment_intent_id)


def refund_create(
    *,
    client: stripe.StripeClient,
    payment_intent_id: str,
    amount: Decimal,
    currency: str,
    order_number: str,
    idempotency_key: str,
    reason: str = "",
) -> stripe.Refund:
    if not idempotency_key:
        # Without a key a retried refund task would pay the shopper back twice.
        raise ValueError("a Stripe refund needs an idempotency key")
    metadata = {"order_number": order_number}
    if reason:
        # Stripe's own ``reason`` is a short enum; the shop's free text goes in metadata.
        metadata["reason"] = reason
    params = {
        "payment_intent": payment_intent_id,
        "amount": amount_to_minor(amount=amount, currency=currency),
        "metadata": metadata,
    }
    with _stripe_errors(action=f"refund payment {payment_intent_id}"):
        return client.v1.refunds.create(
            params,  # type: ignore[arg-type]
            {"idempotency_key": idempotency_key},
        )
