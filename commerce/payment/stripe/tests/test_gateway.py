import time
from decimal import Decimal

import pytest
import stripe

from commerce.payment.interface import (
    PaymentProviderError,
    PaymentStartRequest,
    PaymentStatus,
    RefundRequest,
    RefundStatus,
    WebhookSignatureError,
)
from commerce.payment.stripe.gateway import StripeGateway, gateway_from_settings
from commerce.payment.stripe.tests.fake_stripe import (
    API_KEY,
    WEBHOOK_SECRET,
    FakeStripe,
    event_body,
    sign,
)


@pytest.fixture
def fake(monkeypatch):
    # A proxy from the environment must not swallow requests to the local fake.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with FakeStripe() as fake:
        yield fake


@pytest.fixture
def gateway(fake, settings):
    settings.STRIPE_SECRET_KEY = API_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake.url
    settings.PAYMENT_PROVIDER_TIMEOUT = 2.0
    gateway = gateway_from_settings()
    assert gateway is not None
    return gateway


def start_request(**overrides) -> PaymentStartRequest:
    values = {
        "order_number": "100001",
        "amount": Decimal("10.50"),
        "currency": "EUR",
        "return_url": "https://shop.example/checkout/stripe/return/",
        "cancel_url": "https://shop.example/checkout/stripe/cancel/",
        "webhook_url": "https://shop.example/payment/webhooks/stripe/",
        "email": "ada@example.com",
    }
    return PaymentStartRequest(**{**values, **overrides})


def paid_session(gateway, fake, **overrides):
    started = gateway.payment_start(request=start_request(**overrides))
    intent = fake.session_pay(started.reference)
    return started.reference, intent["id"]


def refund_request(reference, intent_id, *, amount="10.50", refund_id="refund-1"):
    return RefundRequest(
        reference=reference,
        amount=Decimal(amount),
        currency="EUR",
        order_number="100001",
        refund_id=refund_id,
        transaction_id=intent_id,
    )


def test_gateway_describes_itself():
    assert StripeGateway.code == "stripe"
    assert StripeGateway.name == "Card (Stripe)"
    assert StripeGateway.currencies is None
    assert StripeGateway.needs_phone is False


@pytest.mark.parametrize(
    ("secret_key", "webhook_secret"),
    [("", WEBHOOK_SECRET), (API_KEY, ""), ("", "")],
)
def test_no_gateway_without_credentials(settings, secret_key, webhook_secret):
    settings.STRIPE_SECRET_KEY = secret_key
    settings.STRIPE_WEBHOOK_SECRET = webhook_secret

    assert gateway_from_settings() is None


# --- start --------------------------------------------------------------------------------


def test_start_creates_a_checkout_session(gateway, fake):
    result = gateway.payment_start(request=start_request())

    session = fake.sessions[result.reference]
    assert result.redirect_url == session["url"]
    assert result.status == PaymentStatus.PENDING
    (request,) = fake.requests_to("POST", "/v1/checkout/sessions")
    assert request.headers["idempotency-key"] == "checkout-100001"
    assert request.params == {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "eur",
                    "unit_amount": "1050",
                    "product_data": {"name": "Order 100001"},
                },
                "quantity": "1",
            }
        ],
        "success_url": "https://shop.example/checkout/stripe/return/",
        "cancel_url": "https://shop.example/checkout/stripe/cancel/",
        "client_reference_id": "100001",
        "metadata": {"order_number": "100001"},
        "payment_intent_data": {"metadata": {"order_number": "100001"}},
        "customer_email": "ada@example.com",
    }


def test_start_without_email_lets_the_shopper_type_it(gateway, fake):
    gateway.payment_start(request=start_request(email=""))

    (request,) = fake.requests_to("POST", "/v1/checkout/sessions")
    assert "customer_email" not in request.params


def test_start_zero_decimal_currency_is_not_multiplied(gateway, fake):
    result = gateway.payment_start(request=start_request(amount=Decimal("1500"), currency="JPY"))

    assert fake.sessions[result.reference]["amount_total"] == 1500
    assert fake.sessions[result.reference]["currency"] == "jpy"
    verification = gateway.payment_verify(reference=result.reference)
    assert verification.amount == Decimal("1500")
    assert verification.currency == "JPY"


def test_start_retried_returns_the_same_session(gateway, fake):
    first = gateway.payment_start(request=start_request())
    second = gateway.payment_start(request=start_request())

    assert second == first
    assert len(fake.sessions) == 1
    assert len(fake.requests_to("POST", "/v1/checkout/sessions")) == 2


def test_start_for_another_order_is_another_session(gateway, fake):
    first = gateway.payment_start(request=start_request())
    second = gateway.payment_start(request=start_request(order_number="100002"))

    assert second.reference != first.reference
    assert len(fake.sessions) == 2


# --- verify -------------------------------------------------------------------------------


def test_verify_unpaid_session_is_pending(gateway):
    reference = gateway.payment_start(request=start_request()).reference

    verification = gateway.payment_verify(reference=reference)

    assert verification.reference == reference
    assert verification.status == PaymentStatus.PENDING
    assert verification.amount == Decimal("10.50")
    assert verification.currency == "EUR"
    assert verification.transaction_id == ""


def test_verify_paid_session(gateway, fake):
    reference, intent_id = paid_session(gateway, fake)

    verification = gateway.payment_verify(reference=reference)

    assert verification.status == PaymentStatus.PAID
    assert verification.amount == Decimal("10.50")
    assert verification.currency == "EUR"
    assert verification.transaction_id == intent_id


def test_verify_session_with_nothing_to_pay_is_paid(gateway, fake):
    reference = gateway.payment_start(request=start_request()).reference
    fake.sessions[reference].update(status="complete", payment_status="no_payment_required")

    assert gateway.payment_verify(reference=reference).status == PaymentStatus.PAID


def test_verify_expired_session_is_cancelled(gateway, fake):
    reference = gateway.payment_start(request=start_request()).reference
    fake.session_expire(reference)

    assert gateway.payment_verify(reference=reference).status == PaymentStatus.CANCELLED


def test_verify_unknown_session_is_a_provider_error(gateway):
    with pytest.raises(PaymentProviderError, match="cs_test_missing") as info:
        gateway.payment_verify(reference="cs_test_missing")

    assert isinstance(info.value.__cause__, stripe.InvalidRequestError)


# --- refund -------------------------------------------------------------------------------


def test_full_refund(gateway, fake):
    reference, intent_id = paid_session(gateway, fake)

    result = gateway.payment_refund(request=refund_request(reference, intent_id))

    assert result.status == RefundStatus.SUCCEEDED
    assert result.amount == Decimal("10.50")
    refund = fake.refunds[result.refund_reference]
    assert refund["payment_intent"] == intent_id
    assert refund["amount"] == 1050
    assert refund["metadata"] == {"order_number": "100001"}
    (request,) = fake.requests_to("POST", "/v1/refunds")
    assert request.headers["idempotency-key"] == "refund-1"


def test_partial_refunds(gateway, fake):
    reference, intent_id = paid_session(gateway, fake)

    first = gateway.payment_refund(
        request=refund_request(reference, intent_id, amount="4.00", refund_id="refund-1")
    )
    second = gateway.payment_refund(
        request=refund_request(reference, intent_id, amount="6.50", refund_id="refund-2")
    )

    assert (first.amount, second.amount) == (Decimal("4.00"), Decimal("6.50"))
    assert first.refund_reference != second.refund_reference
    assert [r["amount"] for r in fake.refunds.values()] == [400, 650]


def test_refund_finds_the_payment_intent_from_the_session(gateway, fake):
    reference, intent_id = paid_session(gateway, fake)

    result = gateway.payment_refund(request=refund_request(reference, ""))

    assert fake.refunds[result.refund_reference]["payment_intent"] == intent_id


def test_refund_retried_with_the_same_id_refunds_once(gateway, fake):
    reference, intent_id = paid_session(gateway, fake)
    request = refund_request(reference, intent_id, amount="5.00")

    first = gateway.payment_refund(request=request)
    second = gateway.payment_refund(request=request)

    assert second == first
    assert len(fake.refunds) == 1
    assert fake.payment_intents[intent_id]["_refunded"] == 500


@pytest.mark.parametrize(
    ("stripe_status", "status"),
    [("pending", RefundStatus.PENDING), ("failed", RefundStatus.FAILED)],
)
def test_refund_status_is_mapped(gateway, fake, stripe_status, status):
    reference, intent_id = paid_session(gateway, fake)
    fake.next_refund_status = stripe_status

    result = gateway.payment_refund(request=refund_request(reference, intent_id))

    assert result.status == status


def test_refund_of_unpaid_session_fails_without_a_call(gateway, fake):
    reference = gateway.payment_start(request=start_request()).reference

    result = gateway.payment_refund(request=refund_request(reference, ""))

    assert result.status == RefundStatus.FAILED
    assert fake.requests_to("POST", "/v1/refunds") == []


def test_refund_above_what_was_paid_is_a_provider_error(gateway, fake):
    reference, intent_id = paid_session(gateway, fake)

    with pytest.raises(PaymentProviderError, match="amount_too_large") as info:
        gateway.payment_refund(request=refund_request(reference, intent_id, amount="10.51"))

    assert isinstance(info.value.__cause__, stripe.InvalidRequestError)
    assert fake.refunds == {}


# --- failures -----------------------------------------------------------------------------


def test_server_error_is_a_provider_error(gateway, fake):
    fake.fail_next(500)

    with pytest.raises(PaymentProviderError, match="HTTP 500") as info:
        gateway.payment_start(request=start_request())

    assert isinstance(info.value.__cause__, stripe.APIError)
    assert fake.sessions == {}


def test_wrong_secret_key_is_a_provider_error(gateway, fake, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_revoked"
    revoked = gateway_from_settings()

    with pytest.raises(PaymentProviderError) as info:
        revoked.payment_start(request=start_request())

    assert isinstance(info.value.__cause__, stripe.AuthenticationError)


def test_timeout_is_a_provider_error(gateway, fake, settings):
    # Started with the normal timeout, so a busy machine cannot fail the setup itself.
    reference = gateway.payment_start(request=start_request()).reference
    settings.PAYMENT_PROVIDER_TIMEOUT = 0.5
    impatient = gateway_from_settings()
    fake.hang_next(10)

    started = time.monotonic()
    with pytest.raises(PaymentProviderError) as info:
        impatient.payment_verify(reference=reference)

    assert time.monotonic() - started < 5
    assert isinstance(info.value.__cause__, stripe.APIConnectionError)


# --- webhooks -----------------------------------------------------------------------------


def test_webhook_parse_checks_against_the_configured_secret(gateway):
    body = event_body()

    event = gateway.webhook_parse(
        body=body, headers={"Stripe-Signature": sign(body, secret=WEBHOOK_SECRET)}, query={}
    )

    assert event.reference == "cs_test_a1"
    with pytest.raises(WebhookSignatureError):
        gateway.webhook_parse(
            body=body, headers={"Stripe-Signature": sign(body, secret="whsec_other")}, query={}
        )
