"""Chapa's transport failures all surface as PaymentProviderError, with the cause chained."""

import socket
from decimal import Decimal

import pytest
import requests

from commerce.payment.chapa.client import ChapaAPIError, ChapaClient
from commerce.payment.chapa.gateway import gateway_from_settings
from commerce.payment.chapa.tests.fake_chapa import FakeChapa
from commerce.payment.interface import PaymentProviderError, PaymentStartRequest

SECRET_KEY = "CHASECK_TEST-fake-secret"


@pytest.fixture
def chapa():
    with FakeChapa(secret_key=SECRET_KEY) as fake:
        yield fake


def client_for(base_url: str, *, secret_key: str = SECRET_KEY) -> ChapaClient:
    return ChapaClient(secret_key=secret_key, api_base=base_url, timeout=0.5)


def unused_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_server_error_raises(chapa):
    chapa.fail_next()

    with pytest.raises(ChapaAPIError, match="HTTP 500") as caught:
        client_for(chapa.base_url).transaction_verify(tx_ref="100042")
    assert caught.value.status_code == 500
    assert isinstance(caught.value, PaymentProviderError)


def test_a_hung_call_times_out(chapa):
    chapa.hang_next()

    with pytest.raises(ChapaAPIError, match="did not answer") as caught:
        client_for(chapa.base_url).transaction_verify(tx_ref="100042")
    assert isinstance(caught.value.__cause__, requests.Timeout)


def test_an_unreachable_chapa_raises():
    with pytest.raises(ChapaAPIError, match="could not be reached") as caught:
        client_for(unused_port_url()).transaction_verify(tx_ref="100042")
    assert isinstance(caught.value.__cause__, requests.ConnectionError)


def test_a_wrong_secret_key_is_refused(chapa):
    with pytest.raises(ChapaAPIError, match="Invalid API Key") as caught:
        client_for(chapa.base_url, secret_key="CHASECK_TEST-wrong").transaction_verify(
            tx_ref="100042"
        )
    assert caught.value.status_code == 401


def test_validation_errors_are_spelled_out(chapa):
    with pytest.raises(ChapaAPIError, match="tx_ref: validation.required"):
        client_for(chapa.base_url).transaction_initialize(fields={"amount": "1", "currency": "ETB"})


def test_the_reference_is_escaped_in_the_path(chapa):
    with pytest.raises(ChapaAPIError):
        client_for(chapa.base_url).transaction_verify(tx_ref="a/b c")
    assert chapa.requests[-1].path == "/v1/transaction/verify/a%2Fb%20c"


def test_gateway_errors_come_from_the_client(settings, chapa):
    settings.CHAPA_SECRET_KEY = SECRET_KEY
    settings.CHAPA_WEBHOOK_SECRET = "whsec"
    settings.CHAPA_API_BASE = chapa.base_url
    settings.PAYMENT_PROVIDER_TIMEOUT = 0.5
    chapa.hang_next()

    with pytest.raises(PaymentProviderError) as caught:
        gateway_from_settings().payment_start(
            request=PaymentStartRequest(
                order_number="100042",
                amount=Decimal("10.00"),
                currency="ETB",
                return_url="https://shop.example/return/",
                cancel_url="https://shop.example/cancel/",
                webhook_url="https://shop.example/webhook/",
            )
        )
    assert isinstance(caught.value.__cause__, requests.Timeout)
