"""FlexPay's transport failures all surface as PaymentProviderError, with the cause chained."""

import socket
from decimal import Decimal

import pytest
import requests

from commerce.payment.flexpay.client import FlexPayAPIError, FlexPayClient, amount_value
from commerce.payment.flexpay.tests.fake_flexpay import FakeFlexPay
from commerce.payment.interface import PaymentProviderError

TOKEN = "fake-flexpay-token"
MERCHANT = "NEXUS"


@pytest.fixture
def flexpay():
    with FakeFlexPay(token=TOKEN, merchant=MERCHANT) as fake:
        yield fake


def client_for(base_url: str, *, token: str = TOKEN) -> FlexPayClient:
    return FlexPayClient(token=token, merchant=MERCHANT, api_base=base_url, timeout=0.5)


def unused_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/rest/v1"


def test_a_server_error_raises(flexpay):
    flexpay.fail_next()

    with pytest.raises(FlexPayAPIError, match="HTTP 500") as caught:
        client_for(flexpay.base_url).transaction_check(order_number="X")
    assert caught.value.status_code == 500
    assert isinstance(caught.value, PaymentProviderError)


def test_a_hung_call_times_out(flexpay):
    flexpay.hang_next()

    with pytest.raises(FlexPayAPIError, match="did not answer") as caught:
        client_for(flexpay.base_url).transaction_check(order_number="X")
    assert isinstance(caught.value.__cause__, requests.Timeout)


def test_an_unreachable_flexpay_raises():
    with pytest.raises(FlexPayAPIError, match="could not be reached") as caught:
        client_for(unused_port_url()).transaction_check(order_number="X")
    assert isinstance(caught.value.__cause__, requests.ConnectionError)


def test_a_wrong_token_is_refused(flexpay):
    with pytest.raises(FlexPayAPIError, match="HTTP 401") as caught:
        client_for(flexpay.base_url, token="wrong").transaction_check(order_number="X")
    assert caught.value.status_code == 401


def test_a_code_other_than_zero_is_a_refusal(flexpay):
    flexpay.refuse_next("Transaction refusée")

    with pytest.raises(FlexPayAPIError, match="code '1'.*Transaction refusée"):
        client_for(flexpay.base_url).payment_request(
            reference="100042",
            phone="243812345678",
            amount=Decimal("1.00"),
            currency="USD",
            callback_url="https://shop.example/cb",
        )


def test_the_order_number_is_escaped_in_the_path(flexpay):
    with pytest.raises(FlexPayAPIError):
        client_for(flexpay.base_url).transaction_check(order_number="a/b c")
    assert flexpay.requests[-1].path == "/api/rest/v1/check/a%2Fb%20c"


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (Decimal("71250"), "CDF", 71250),
        (Decimal("71250.00"), "CDF", 71250),
        (Decimal("25.5"), "USD", 25.5),
        (Decimal("0.10"), "USD", 0.1),
    ],
)
def test_amounts_are_json_numbers_in_major_units(amount, currency, expected):
    value = amount_value(amount=amount, currency=currency)

    assert value == expected
    assert type(value) is type(expected)
