"""The FlexPay gateway over real HTTP against FakeFlexPay."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from commerce.payment.flexpay.gateway import FlexPayGateway, gateway_from_settings
from commerce.payment.flexpay.tests.fake_flexpay import FakeFlexPay
from commerce.payment.flexpay.webhooks import callback_token
from commerce.payment.interface import (
    PaymentProviderError,
    PaymentStartRequest,
    PaymentStatus,
    RefundRequest,
    RefundStatus,
)

TOKEN = "fake-flexpay-token"
MERCHANT = "NEXUS"
WEBHOOK_URL = "https://shop.example/api/payments/webhooks/flexpay/"


@pytest.fixture
def flexpay(settings):
    with FakeFlexPay(token=TOKEN, merchant=MERCHANT) as fake:
        settings.FLEXPAY_TOKEN = TOKEN
        settings.FLEXPAY_MERCHANT = MERCHANT
        settings.FLEXPAY_API_BASE = fake.base_url
        settings.PAYMENT_PROVIDER_TIMEOUT = (
            2.0  # well above a local call on a busy machine, below a hang
        )
        settings.WAGTAILADMIN_BASE_URL = "https://shop.example"
        yield fake


@pytest.fixture
def gateway(flexpay) -> FlexPayGateway:
    gateway = gateway_from_settings()
    assert gateway is not None
    return gateway


def start_request(**overrides) -> PaymentStartRequest:
    fields = {
        "order_number": "100042",
        "amount": Decimal("25.50"),
        "currency": "USD",
        "return_url": "https://shop.example/checkout/return/100042/",
        "cancel_url": "https://shop.example/checkout/cancel/100042/",
        "webhook_url": WEBHOOK_URL,
        "phone": "+243812345678",
    }
    return PaymentStartRequest(**{**fields, **overrides})


def refund_request(**overrides) -> RefundRequest:
    fields = {
        "reference": "ORDERNUMBER243812345678",
        "amount": Decimal("10.00"),
        "currency": "USD",
        "order_number": "100042",
        "refund_id": "refund-7",
        "phone": "+243812345678",
        "reason": "Out of stock",
    }
    return RefundRequest(**{**fields, **overrides})


@pytest.mark.parametrize("missing", ["FLEXPAY_TOKEN", "FLEXPAY_MERCHANT"])
def test_gateway_from_settings_needs_token_and_merchant(settings, missing):
    settings.FLEXPAY_TOKEN = TOKEN
    settings.FLEXPAY_MERCHANT = MERCHANT
    setattr(settings, missing, "")
    assert gateway_from_settings() is None


def test_gateway_describes_itself(gateway):
    assert gateway.code == "flexpay"
    assert gateway.name == "Mobile money (FlexPay)"
    assert gateway.currencies == frozenset({"CDF", "USD"})
    assert gateway.needs_phone is True


def test_start_pushes_the_payment_to_the_shoppers_phone(gateway, flexpay):
    result = gateway.payment_start(request=start_request())

    [order_number] = flexpay.transactions
    assert result.reference == order_number
    assert result.redirect_url == ""
    assert result.status == PaymentStatus.PENDING
    sent = flexpay.requests[-1]
    assert sent.path == "/api/rest/v1/paymentService"
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    body = sent.json()
    callback_url = body.pop("callbackUrl")
    assert body == {
        "merchant": MERCHANT,
        "type": "1",
        "phone": "243812345678",
        "reference": "100042",
        "amount": 25.5,
        "currency": "USD",
    }
    assert callback_url.startswith(WEBHOOK_URL + "?")
    assert parse_qs(urlsplit(callback_url).query) == {"token": [callback_token(reference="100042")]}


def test_start_keeps_the_webhook_urls_own_query(gateway, flexpay):
    gateway.payment_start(request=start_request(webhook_url=WEBHOOK_URL + "?site=cd"))

    query = parse_qs(urlsplit(flexpay.requests[-1].json()["callbackUrl"]).query)
    assert query == {"site": ["cd"], "token": [callback_token(reference="100042")]}


def test_start_sends_francs_as_a_whole_number(gateway, flexpay):
    gateway.payment_start(request=start_request(amount=Decimal("71250.00"), currency="CDF"))

    body = flexpay.requests[-1].json()
    assert body["amount"] == 71250
    assert isinstance(body["amount"], int)
    assert body["currency"] == "CDF"


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"phone": ""}, "needs the shopper's phone number"),
        ({"phone": "+251912345678"}, "DR Congo mobile number"),
        ({"phone": "0812345678"}, "DR Congo mobile number"),
        ({"currency": "EUR"}, "EUR"),
        ({"amount": Decimal("0")}, "positive"),
        ({"amount": Decimal("100.50"), "currency": "CDF"}, "whole Congolese francs"),
        ({"amount": Decimal("1.005")}, "decimal places"),
    ],
)
def test_start_rejects_what_flexpay_cannot_take(gateway, flexpay, overrides, problem):
    with pytest.raises(ValueError, match=problem):
        gateway.payment_start(request=start_request(**overrides))
    assert flexpay.requests == []


def test_start_refused_by_flexpay_raises_with_its_message(gateway, flexpay):
    flexpay.refuse_next("Solde insuffisant")

    with pytest.raises(PaymentProviderError, match="Solde insuffisant"):
        gateway.payment_start(request=start_request())


def test_a_wrong_merchant_code_is_refused(gateway, flexpay, settings):
    settings.FLEXPAY_MERCHANT = "SOMEONE-ELSE"

    with pytest.raises(PaymentProviderError, match="Marchand inconnu"):
        gateway_from_settings().payment_start(request=start_request())
    assert flexpay.transactions == {}


@pytest.mark.parametrize(
    ("flexpay_status", "expected"),
    [
        ("0", PaymentStatus.PAID),
        ("1", PaymentStatus.FAILED),
        ("2", PaymentStatus.PENDING),
        ("9", PaymentStatus.PENDING),
    ],
)
def test_verify_maps_flexpay_statuses(gateway, flexpay, flexpay_status, expected):
    order_number = gateway.payment_start(request=start_request()).reference
    flexpay.settle(order_number, flexpay_status)

    verification = gateway.payment_verify(reference=order_number)

    assert verification.status == expected
    assert verification.reference == order_number
    assert verification.amount == Decimal("25.5")
    assert verification.currency == "USD"
    assert flexpay.requests[-1].path == f"/api/rest/v1/check/{order_number}"


def test_verify_of_an_unknown_order_raises(gateway):
    with pytest.raises(PaymentProviderError, match="Aucune transaction"):
        gateway.payment_verify(reference="NOSUCHORDER")


def test_refund_pays_the_amount_out_to_the_shoppers_phone(gateway, flexpay):
    result = gateway.payment_refund(request=refund_request())

    [order_number] = flexpay.transactions
    payout = flexpay.transactions[order_number]
    assert payout.kind == "payout"
    assert result.refund_reference == order_number
    assert result.amount == Decimal("10.00")
    assert result.status == RefundStatus.PENDING
    sent = flexpay.requests[-1]
    assert sent.path == "/api/rest/v1/merchantPayOutService"
    body = sent.json()
    callback_url = body.pop("callbackUrl")
    assert body == {
        "merchant": MERCHANT,
        "type": "1",
        "phone": "243812345678",
        "reference": "refund-7",
        "amount": 10.0,
        "currency": "USD",
    }
    assert callback_url.startswith("https://shop.example/api/payments/webhooks/flexpay/?")
    assert parse_qs(urlsplit(callback_url).query) == {
        "purpose": ["refund"],
        "token": [callback_token(reference="refund-7", purpose="refund")],
    }


def test_refund_needs_the_shoppers_phone(gateway, flexpay):
    with pytest.raises(ValueError, match="phone number"):
        gateway.payment_refund(request=refund_request(phone=""))
    assert flexpay.requests == []


def test_refund_refused_by_flexpay_raises(gateway, flexpay):
    flexpay.refuse_next("Solde marchand insuffisant")

    with pytest.raises(PaymentProviderError, match="Solde marchand insuffisant"):
        gateway.payment_refund(request=refund_request())


def test_webhook_parse_accepts_the_callback_for_a_started_payment(gateway, flexpay):
    order_number = gateway.payment_start(request=start_request()).reference
    flexpay.settle(order_number, "0")
    body, query = flexpay.callback_for(order_number)

    event = gateway.webhook_parse(body=body, headers={}, query=query)

    assert event.kind == "payment.callback"
    assert event.reference == order_number
    assert event.event_id == f"{order_number}:0"
