"""System checks for payments: the sandbox approves every payment, so production must not offer
it by accident."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.checks import Tags, Warning, register

logger = logging.getLogger(__name__)

SANDBOX_IN_PRODUCTION = (
    "The sandbox payment provider is on while DEBUG is off: it approves every payment, so "
    "shoppers can place orders without paying. Set PAYMENT_SANDBOX_ENABLED=false."
)


def sandbox_in_production() -> bool:
    return bool(settings.PAYMENT_SANDBOX_ENABLED and not settings.DEBUG)


@register(Tags.security, deploy=True)
def sandbox_payments_check(app_configs, **kwargs):
    if not sandbox_in_production():
        return []
    return [Warning(SANDBOX_IN_PRODUCTION, id="payment.W001")]


def sandbox_startup_warn() -> None:
    """Logged once per process (web, worker, command) so an operator sees it in every log."""
    if sandbox_in_production():
        logger.warning(SANDBOX_IN_PRODUCTION)
