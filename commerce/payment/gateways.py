"""Which payment providers this shop offers: those whose credentials are set."""

from __future__ import annotations

from importlib import import_module

from commerce.payment.interface import Gateway

# Checkout lists the offered providers in this order.
PROVIDER_CODES = ("sandbox", "stripe", "chapa", "flexpay")


class ProviderUnavailable(Exception):
    """An unknown provider, or one this shop has no credentials for."""


def gateway_get(*, code: str) -> Gateway:
    if code not in PROVIDER_CODES:
        raise ProviderUnavailable(f"unknown payment provider {code!r}")
    gateway = import_module(f"commerce.payment.{code}.gateway").gateway_from_settings()
    if gateway is None:
        raise ProviderUnavailable(f"payment provider {code!r} is not configured")
    return gateway


def gateways_available(*, currency: str) -> list[Gateway]:
    """The providers a shopper paying in ``currency`` can choose from."""
    offered = []
    for code in PROVIDER_CODES:
        try:
            gateway = gateway_get(code=code)
        except ProviderUnavailable:
            continue
        if gateway.currencies is None or currency in gateway.currencies:
            offered.append(gateway)
    return offered
