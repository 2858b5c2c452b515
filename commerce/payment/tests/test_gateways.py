"""A provider is offered only with its credentials, and only for currencies it takes."""

import pytest

from commerce.payment.gateways import ProviderUnavailable, gateway_get, gateways_available


@pytest.fixture
def no_credentials(settings):
    settings.PAYMENT_SANDBOX_ENABLED = True
    for name in (
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "CHAPA_SECRET_KEY",
        "CHAPA_WEBHOOK_SECRET",
        "FLEXPAY_TOKEN",
        "FLEXPAY_MERCHANT",
    ):
        setattr(settings, name, "")
    return settings


def codes(currency):
    return [gateway.code for gateway in gateways_available(currency=currency)]


def test_without_credentials_only_the_sandbox_is_offered(no_credentials):
    assert codes("EUR") == ["sandbox"]
    with pytest.raises(ProviderUnavailable):
        gateway_get(code="stripe")


def test_each_provider_appears_once_configured_for_its_currencies(no_credentials):
    settings = no_credentials
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", "whsec_x"
    settings.CHAPA_SECRET_KEY, settings.CHAPA_WEBHOOK_SECRET = "CHASECK_TEST-x", "chapa-hook"
    settings.FLEXPAY_TOKEN, settings.FLEXPAY_MERCHANT = "token-x", "NEXUS"

    assert codes("EUR") == ["sandbox", "stripe"]
    assert codes("ETB") == ["sandbox", "stripe", "chapa"]
    assert codes("CDF") == ["sandbox", "stripe", "flexpay"]


def test_the_sandbox_can_be_switched_off(no_credentials):
    no_credentials.PAYMENT_SANDBOX_ENABLED = False
    assert codes("EUR") == []


def test_an_unknown_provider_is_refused():
    with pytest.raises(ProviderUnavailable):
        gateway_get(code="../sandbox")
