"""The Chapa gateway over real HTTP against FakeChapa."""

from decimal import Decimal

import pytest

from commerce.payment.chapa.gateway import MAX_START_ATTEMPTS, ChapaGateway, gateway_from_settings
from commerce.payment.chapa.tests.fake_chapa import FakeChapa
from commerce.payment.interface import (
    PaymentProviderError,
    PaymentStartRequest,
    PaymentStatus,
    RefundRequest,
    RefundStatus,
)

SECRET_KEY = "CHASECK_TEST-fake-secret"
WEBHOOK_SECRET = "fake-webhook-secret-hash"


@pytest.fixture
def chapa(settings):
    with FakeChapa(secret_key=SECRET_KEY) as fake:
        settings.CHAPA_SECRET_KEY = SECRET_KEY
        settings.CHAPA_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.CHAPA_API_BASE = fake.base_url
        settings.PAYMENT_PROVIDER_TIMEOUT = (
            2.0  # well above a local call on a busy machine, below a hang
        )
        yield fake


@pytest.fixture
def gateway(chapa) -> ChapaGateway:
    gateway = gateway_from_settings()
    assert gateway is not None
    return gateway


def start_request(**overrides) -> PaymentStartRequest:
    fields = {
        "order_number": "100042",
        "amount": Decimal("1234.50"),
        "currency": "ETB",
        "return_url": "https://shop.example/checkout/return/100042/",
        "cancel_url": "https://shop.example/checkout/cancel/100042/",
        "webhook_url": "https://shop.example/api/payments/webhooks/chapa/",
        "email": "abebe@example.com",
        "phone": "+251912345678",
        "first_name": "Abebe",
        "last_name": "Bikila",
        "description": "Order #100042 (2 items)",
    }
    return PaymentStartRequest(**{**fields, **overrides})


def refund_request(**overrides) -> RefundRequest:
    fields = {
        "reference": "100042",
        "amount": Decimal("200.00"),
        "currency": "ETB",
        "order_number": "100042",
        "refund_id": "refund-7",
        "reason": "Damaged in transit",
    }
    return RefundRequest(**{**fields, **overrides})


@pytest.mark.parametrize("missing", ["CHAPA_SECRET_KEY", "CHAPA_WEBHOOK_SECRET"])
def test_gateway_from_settings_needs_both_secrets(settings, missing):
    settings.CHAPA_SECRET_KEY = SECRET_KEY
    settings.CHAPA_WEBHOOK_SECRET = WEBHOOK_SECRET
    setattr(settings, missing, "")
    assert gateway_from_settings() is None


def test_gateway_describes_itself(gateway):
    assert gateway.code == "chapa"
    assert gateway.name == "Chapa"
    assert gateway.currencies == frozenset({"ETB", "USD"})
    assert gateway.needs_phone is False


def test_start_initializes_a_transaction_named_after_the_order(gateway, chapa):
    result = gateway.payment_start(request=start_request())

    transaction = chapa.transactions["100042"]
    assert result.reference == "100042"
    assert result.redirect_url == transaction.checkout_url
    assert result.status == PaymentStatus.PENDING
    sent = chapa.requests[-1]
    assert sent.headers["authorization"] == f"Bearer {SECRET_KEY}"
    assert sent.json() == {
        "amount": "1234.50",
        "currency": "ETB",
        "tx_ref": "100042",
        "callback_url": "https://shop.example/api/payments/webhooks/chapa/",
        "return_url": "https://shop.example/checkout/return/100042/",
        "email": "abebe@example.com",
        "first_name": "Abebe",
        "last_name": "Bikila",
        # Chapa takes Ethiopian numbers only, in their ten-digit local form.
        "phone_number": "0912345678",
        # Chapa refuses a description with anything but letters, digits, spaces, . _ -
        "customization": {"description": "Order 100042 2 items"},
    }


def test_start_leaves_out_what_chapa_would_refuse(gateway, chapa):
    gateway.payment_start(
        request=start_request(phone="+243812345678", email="", description="###", currency="USD")
    )

    sent = chapa.requests[-1].json()
    assert "phone_number" not in sent
    assert "email" not in sent
    assert "customization" not in sent
    assert sent["currency"] == "USD"


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"currency": "EUR"}, "EUR"),
        ({"amount": Decimal("0")}, "positive"),
        ({"amount": Decimal("10.005")}, "decimal places"),
    ],
)
def test_start_rejects_what_chapa_cannot_take(gateway, chapa, overrides, problem):
    with pytest.raises(ValueError, match=problem):
        gateway.payment_start(request=start_request(**overrides))
    assert chapa.requests == []


def test_start_after_a_lost_answer_moves_to_the_next_reference(gateway, chapa):
    # The first start reached Chapa, but its answer never came back.
    chapa.add_transaction(tx_ref="100042", amount="1234.50", currency="ETB", status=None)

    result = gateway.payment_start(request=start_request())

    assert result.reference == "100042-2"
    assert result.redirect_url == chapa.transactions["100042-2"].checkout_url
    assert result.status == PaymentStatus.PENDING


def test_start_after_a_paid_attempt_reports_it_paid(gateway, chapa):
    chapa.add_transaction(tx_ref="100042", amount="1234.50", currency="ETB", status="failed")
    chapa.add_transaction(tx_ref="100042-2", amount="1234.50", currency="ETB", status="success")

    result = gateway.payment_start(request=start_request())

    assert result.reference == "100042-2"
    assert result.status == PaymentStatus.PAID
    assert result.redirect_url == "https://shop.example/checkout/return/100042/"
    assert "100042-3" not in chapa.transactions


def test_start_gives_up_after_the_last_attempt(gateway, chapa):
    for attempt in range(MAX_START_ATTEMPTS):
        tx_ref = "100042" if attempt == 0 else f"100042-{attempt + 1}"
        chapa.add_transaction(tx_ref=tx_ref, amount="1234.50", currency="ETB", status="pending")

    with pytest.raises(PaymentProviderError, match="unpaid transactions"):
        gateway.payment_start(request=start_request())


def test_start_refused_by_chapa_raises_with_its_message(gateway, chapa):
    chapa.refuse_next("User can't receive payments")

    with pytest.raises(PaymentProviderError, match="User can't receive payments"):
        gateway.payment_start(request=start_request())


@pytest.mark.parametrize(
    ("chapa_status", "expected"),
    [
        ("success", PaymentStatus.PAID),
        ("failed", PaymentStatus.FAILED),
        ("pending", PaymentStatus.PENDING),
        ("cancelled", PaymentStatus.CANCELLED),
        ("refunded", PaymentStatus.PAID),
        ("reversed", PaymentStatus.FAILED),
        ("something-new", PaymentStatus.PENDING),
    ],
)
def test_verify_maps_chapa_statuses(gateway, chapa, chapa_status, expected):
    gateway.payment_start(request=start_request())
    chapa.settle("100042", chapa_status)

    verification = gateway.payment_verify(reference="100042")

    assert verification.status == expected
    assert verification.reference == "100042"
    assert verification.amount == Decimal("1234.5")
    assert verification.currency == "ETB"
    assert verification.transaction_id == chapa.transactions["100042"].reference
    assert chapa.requests[-1].path == "/v1/transaction/verify/100042"


@pytest.mark.parametrize("http_status", [200, 404])
def test_verify_before_payment_is_pending(settings, http_status):
    with FakeChapa(secret_key=SECRET_KEY, not_paid_http_status=http_status) as fake:
        settings.CHAPA_SECRET_KEY = SECRET_KEY
        settings.CHAPA_WEBHOOK_SECRET = WEBHOOK_SECRET
        settings.CHAPA_API_BASE = fake.base_url
        gateway = gateway_from_settings()
        gateway.payment_start(request=start_request())

        verification = gateway.payment_verify(reference="100042")

    assert verification.status == PaymentStatus.PENDING
    assert "not paid yet" in verification.message


def test_verify_of_an_unknown_transaction_raises(gateway):
    with pytest.raises(PaymentProviderError, match="not found"):
        gateway.payment_verify(reference="no-such-order")


def test_refund_uses_chapas_reference_and_the_refund_id(gateway, chapa):
    gateway.payment_start(request=start_request())
    chapa.settle("100042", "success")
    chapa_reference = gateway.payment_verify(reference="100042").transaction_id

    result = gateway.payment_refund(request=refund_request(transaction_id=chapa_reference))

    refund = chapa.transactions["100042"].refunds[0]
    assert chapa.requests[-1].path == f"/v1/refund/{chapa_reference}"
    assert chapa.requests[-1].form() == {
        "reason": "Damaged in transit",
        "amount": "200.00",
        "reference": "refund-7",
        "meta[order_number]": "100042",
        "meta[refund_id]": "refund-7",
    }
    assert result.refund_reference == refund["ref_id"]
    assert result.amount == Decimal("200.00")
    assert result.status == RefundStatus.PENDING


def test_refund_looks_chapas_reference_up_when_not_given(gateway, chapa):
    gateway.payment_start(request=start_request())
    chapa.settle("100042", "success")

    gateway.payment_refund(request=refund_request())

    assert chapa.requests[-2].path == "/v1/transaction/verify/100042"
    assert chapa.requests[-1].path == f"/v1/refund/{chapa.transactions['100042'].reference}"
    assert len(chapa.transactions["100042"].refunds) == 1


def test_refund_retried_after_a_lost_answer_does_not_refund_twice(gateway, chapa):
    gateway.payment_start(request=start_request())
    chapa.settle("100042", "success")
    gateway.payment_refund(request=refund_request())

    again = gateway.payment_refund(request=refund_request())

    assert again.status == RefundStatus.PENDING
    assert again.refund_reference == "refund-7"
    assert len(chapa.transactions["100042"].refunds) == 1


def test_refund_of_an_unpaid_payment_raises(gateway, chapa):
    gateway.payment_start(request=start_request())
    chapa.settle("100042", "failed")

    with pytest.raises(PaymentProviderError, match="nothing to refund"):
        gateway.payment_refund(request=refund_request())
    assert chapa.transactions["100042"].refunds == []


def test_refund_refused_by_chapa_raises(gateway, chapa):
    gateway.payment_start(request=start_request())
    chapa.settle("100042", "success")

    with pytest.raises(PaymentProviderError, match="exceeds"):
        gateway.payment_refund(request=refund_request(amount=Decimal("5000.00")))


def test_webhook_parse_uses_the_configured_secret(gateway, chapa):
    gateway.payment_start(request=start_request())
    chapa.settle("100042", "success")
    body, headers = chapa.webhook_delivery("100042", webhook_secret=WEBHOOK_SECRET)

    event = gateway.webhook_parse(body=body, headers=headers, query={})

    assert event.kind == "charge.success"
    assert event.reference == "100042"
