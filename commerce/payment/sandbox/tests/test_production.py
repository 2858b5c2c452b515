"""The sandbox approves every payment: in production it is off unless turned on on purpose."""

import logging
from decimal import Decimal

import pytest
from django.core import checks

from commerce.payment.checks import sandbox_startup_warn
from commerce.payment.gateways import gateways_available
from commerce.payment.sandbox.models import SandboxPayment

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.PAYMENT_SANDBOX_ENABLED = False
    return settings


@pytest.fixture
def sandbox_payment():
    return SandboxPayment.objects.create(
        reference="sbx_production_test",
        order_number="100999",
        amount=Decimal("10.00"),
        currency="EUR",
        return_url="http://testserver/return/",
        cancel_url="http://testserver/cancel/",
        webhook_url="http://testserver/api/payments/webhooks/sandbox/",
    )


def test_production_does_not_offer_the_sandbox(production):
    assert "sandbox" not in [gateway.code for gateway in gateways_available(currency="EUR")]


def test_the_approve_url_answers_404_in_production(client, production, sandbox_payment):
    url = f"/payments/sandbox/{sandbox_payment.reference}/"

    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve"}).status_code == 404
    sandbox_payment.refresh_from_db()
    assert sandbox_payment.status == SandboxPayment.Status.PENDING


def test_the_approve_url_works_while_the_sandbox_is_on(client, settings, sandbox_payment):
    settings.PAYMENT_SANDBOX_ENABLED = True
    url = f"/payments/sandbox/{sandbox_payment.reference}/"

    response = client.post(url, {"decision": "approve"})

    assert response.status_code == 302
    sandbox_payment.refresh_from_db()
    assert sandbox_payment.status == SandboxPayment.Status.PAID


def test_sandbox_on_in_production_is_a_deploy_warning_and_a_startup_warning(settings, caplog):
    settings.DEBUG = False
    settings.PAYMENT_SANDBOX_ENABLED = True

    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    with caplog.at_level(logging.WARNING, logger="commerce.payment.checks"):
        sandbox_startup_warn()

    assert "payment.W001" in [message.id for message in found]
    assert "PAYMENT_SANDBOX_ENABLED" in caplog.text


def test_no_warning_while_debugging(settings, caplog):
    settings.DEBUG = True
    settings.PAYMENT_SANDBOX_ENABLED = True

    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])
    with caplog.at_level(logging.WARNING, logger="commerce.payment.checks"):
        sandbox_startup_warn()

    assert "payment.W001" not in [message.id for message in found]
    assert caplog.text == ""
