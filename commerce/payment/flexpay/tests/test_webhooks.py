"""FlexPay callbacks are unsigned: the callback URL's token must match the body's reference."""

import hashlib
import hmac
import json

import pytest
from django.http import QueryDict

from commerce.payment.flexpay.webhooks import callback_token, callback_url_sign, webhook_verify
from commerce.payment.interface import WebhookSignatureError

SECRET_KEY = "test-secret-key-for-flexpay-callbacks"


@pytest.fixture(autouse=True)
def secret_key(settings):
    settings.SECRET_KEY = SECRET_KEY
    settings.SECRET_KEY_FALLBACKS = []


def callback(*, reference: str = "100042", code: str = "0", order_number: str = "FP1") -> bytes:
    return json.dumps(
        {
            "code": code,
            "reference": reference,
            "provider_reference": "OP123",
            "orderNumber": order_number,
            "amount": "25.5",
            "currency": "USD",
        }
    ).encode()


def expected_token(reference: str, purpose: str = "payment", secret: str = SECRET_KEY) -> str:
    # Django's salted HMAC, written out, so the test does not grade the code with itself.
    key = hashlib.sha256(("commerce.payment.flexpay.callback" + secret).encode()).digest()
    return hmac.new(key, f"{purpose}:{reference}".encode(), hashlib.sha256).hexdigest()


def test_the_token_is_an_hmac_sha256_of_the_reference_keyed_from_secret_key():
    assert callback_token(reference="100042") == expected_token("100042")


def test_a_callback_with_the_orders_token_parses():
    event = webhook_verify(body=callback(), headers={}, query={"token": expected_token("100042")})

    assert event.event_id == "FP1:0"
    assert event.kind == "payment.callback"
    assert event.reference == "FP1"
    assert event.payload["provider_reference"] == "OP123"


def test_the_signed_url_round_trips_through_djangos_query_dict():
    url = callback_url_sign(url="https://shop.example/hook/?site=cd", reference="100042")
    query = QueryDict(url.split("?", 1)[1])

    assert query["site"] == "cd"
    assert webhook_verify(body=callback(), headers={}, query=query).reference == "FP1"


def test_a_failed_payment_callback_has_its_own_event_id():
    event = webhook_verify(
        body=callback(code="1"), headers={}, query={"token": expected_token("100042")}
    )

    assert event.event_id == "FP1:1"


def test_a_missing_token_is_rejected():
    with pytest.raises(WebhookSignatureError, match="no token"):
        webhook_verify(body=callback(), headers={}, query={})


def test_a_wrong_token_is_rejected():
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(body=callback(), headers={}, query={"token": "0" * 64})


def test_a_token_for_another_order_is_rejected():
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(body=callback(), headers={}, query={"token": expected_token("100043")})


def test_a_token_made_with_another_secret_key_is_rejected():
    forged = expected_token("100042", secret="someone-elses-key")

    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(body=callback(), headers={}, query={"token": forged})


def test_a_token_from_before_a_key_rotation_is_accepted(settings):
    settings.SECRET_KEY = "the-new-key"
    settings.SECRET_KEY_FALLBACKS = [SECRET_KEY]

    event = webhook_verify(body=callback(), headers={}, query={"token": expected_token("100042")})

    assert event.reference == "FP1"


def test_a_refund_token_does_not_pass_for_a_payment():
    refund_token = expected_token("100042", purpose="refund")

    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(body=callback(), headers={}, query={"token": refund_token})

    event = webhook_verify(
        body=callback(), headers={}, query={"token": refund_token, "purpose": "refund"}
    )
    assert event.kind == "refund.callback"


def test_an_unknown_purpose_is_rejected():
    with pytest.raises(WebhookSignatureError, match="purpose"):
        webhook_verify(
            body=callback(), headers={}, query={"token": expected_token("100042"), "purpose": "x"}
        )


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]"])
def test_a_body_that_is_not_a_json_object_is_rejected(body):
    with pytest.raises(WebhookSignatureError, match="JSON"):
        webhook_verify(body=body, headers={}, query={"token": expected_token("100042")})


def test_a_callback_without_reference_or_order_number_is_rejected():
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(body=callback(reference=""), headers={}, query={"token": expected_token("")})
    with pytest.raises(WebhookSignatureError, match="orderNumber"):
        webhook_verify(
            body=callback(order_number=""), headers={}, query={"token": expected_token("100042")}
        )
