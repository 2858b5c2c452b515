from decimal import Decimal

import pytest
import stripe

from commerce.payment.interface import PaymentProviderError
from commerce.payment.stripe import client
from commerce.payment.stripe.tests.fake_stripe import API_KEY, FakeStripe


@pytest.fixture
def fake(monkeypatch):
    # A proxy from the environment must not swallow requests to the local fake.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with FakeStripe() as fake:
        yield fake


@pytest.fixture
def stripe_client(fake):
    return client.client_build(api_key=API_KEY, api_base=fake.url, timeout=2)


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("10.50", "EUR", 1050),
        ("10.5", "usd", 1050),
        ("0.01", "EUR", 1),
        ("1500", "JPY", 1500),
        ("1500.00", "jpy", 1500),
        ("25000", "XAF", 25000),
        ("1.25", "KWD", 1250),
    ],
)
def test_amount_to_minor(amount, currency, minor):
    assert client.amount_to_minor(amount=Decimal(amount), currency=currency) == minor


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("10.005", "EUR"), ("1500.50", "JPY"), ("1.255", "KWD")],
)
def test_amount_to_minor_refuses_amounts_stripe_cannot_express(amount, currency):
    with pytest.raises(ValueError):
        client.amount_to_minor(amount=Decimal(amount), currency=currency)


@pytest.mark.parametrize(
    ("minor", "currency", "amount"),
    [(1050, "eur", "10.50"), (1500, "JPY", "1500"), (1250, "kwd", "1.250"), (0, "EUR", "0")],
)
def test_amount_from_minor(minor, currency, amount):
    result = client.amount_from_minor(amount=minor, currency=currency)
    assert result == Decimal(amount)
    assert isinstance(result, Decimal)


def test_checkout_session_create_sends_the_order_key(fake, stripe_client):
    session = client.checkout_session_create(
        client=stripe_client,
        order_number="100042",
        amount=Decimal("12.34"),
        currency="GBP",
        success_url="https://shop.example/return",
        cancel_url="https://shop.example/cancel",
        description="Two mugs",
    )

    assert session.id in fake.sessions
    (request,) = fake.requests_to("POST", "/v1/checkout/sessions")
    assert request.headers["idempotency-key"] == "checkout-100042"
    product = request.params["line_items"][0]["price_data"]["product_data"]
    assert product == {"name": "Order 100042", "description": "Two mugs"}


def test_refund_create_requires_an_idempotency_key(fake, stripe_client):
    with pytest.raises(ValueError):
        client.refund_create(
            client=stripe_client,
            payment_intent_id="pi_1",
            amount=Decimal("1.00"),
            currency="EUR",
            order_number="100001",
            idempotency_key="",
        )
    assert fake.requests == []


def test_wrong_api_key_becomes_provider_error(fake):
    wrong = client.client_build(api_key="sk_test_wrong", api_base=fake.url, timeout=2)

    with pytest.raises(PaymentProviderError, match="AuthenticationError") as info:
        client.checkout_session_retrieve(client=wrong, session_id="cs_test_1")
    assert isinstance(info.value.__cause__, stripe.AuthenticationError)


def test_server_error_is_not_retried_behind_the_callers_back(fake, stripe_client):
    fake.fail_next(500)

    with pytest.raises(PaymentProviderError, match="HTTP 500") as info:
        client.checkout_session_retrieve(client=stripe_client, session_id="cs_test_1")

    assert isinstance(info.value.__cause__, stripe.APIError)
    assert len(fake.requests) == 1
