"""Chapa webhook deliveries: only a body-bound HMAC with the webhook secret is accepted."""

import hashlib
import hmac
import json

import pytest
from django.http.request import HttpHeaders

from commerce.payment.chapa.webhooks import webhook_signature, webhook_verify
from commerce.payment.interface import WebhookSignatureError

SECRET = "fake-webhook-secret-hash"
BODY = json.dumps(
    {
        "event": "charge.success",
        "currency": "ETB",
        "amount": "400.00",
        "status": "success",
        "reference": "AP634JFwEbxd",
        "type": "API",
        "tx_ref": "100042",
    },
    separators=(",", ":"),
).encode()


def sign(body: bytes, secret: str = SECRET) -> str:
    # Computed here rather than with webhook_signature, so the test does not grade itself.
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_a_signed_delivery_parses():
    event = webhook_verify(secret=SECRET, body=BODY, headers={"x-chapa-signature": sign(BODY)})

    assert event.kind == "charge.success"
    assert event.reference == "100042"
    assert event.event_id == "charge.success:AP634JFwEbxd"
    assert event.payload["amount"] == "400.00"


def test_the_signature_helper_matches_chapas_scheme():
    assert webhook_signature(secret=SECRET, body=BODY) == sign(BODY)


def test_django_request_headers_work():
    headers = HttpHeaders({"HTTP_X_CHAPA_SIGNATURE": sign(BODY), "CONTENT_TYPE": "text/json"})

    assert webhook_verify(secret=SECRET, body=BODY, headers=headers).reference == "100042"


def test_header_names_are_case_insensitive_and_hex_case_is_ignored():
    headers = {"X-Chapa-Signature": sign(BODY).upper()}

    assert webhook_verify(secret=SECRET, body=BODY, headers=headers).reference == "100042"


def test_a_body_hmac_in_chapa_signature_is_accepted():
    # Chapa's custom webhooks put the payload HMAC in chapa-signature.
    event = webhook_verify(secret=SECRET, body=BODY, headers={"Chapa-Signature": sign(BODY)})

    assert event.reference == "100042"


def test_a_valid_header_beside_an_invalid_one_is_enough():
    headers = {"Chapa-Signature": "0" * 64, "x-chapa-signature": sign(BODY)}

    assert webhook_verify(secret=SECRET, body=BODY, headers=headers).reference == "100042"


def test_the_static_secret_hmac_alone_is_not_enough():
    # Standard webhooks send HMAC(secret, secret) in chapa-signature: it does not cover the body.
    static = hmac.new(SECRET.encode(), SECRET.encode(), hashlib.sha256).hexdigest()

    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(secret=SECRET, body=BODY, headers={"Chapa-Signature": static})


def test_a_wrong_secret_is_rejected():
    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(
            secret=SECRET, body=BODY, headers={"x-chapa-signature": sign(BODY, "other-secret")}
        )


def test_a_tampered_body_is_rejected():
    tampered = BODY.replace(b'"400.00"', b'"4.00"')

    with pytest.raises(WebhookSignatureError, match="does not match"):
        webhook_verify(secret=SECRET, body=tampered, headers={"x-chapa-signature": sign(BODY)})


def test_a_missing_header_is_rejected():
    with pytest.raises(WebhookSignatureError, match="missing"):
        webhook_verify(secret=SECRET, body=BODY, headers={"Content-Type": "application/json"})


def test_no_configured_secret_rejects_everything():
    with pytest.raises(WebhookSignatureError, match="secret"):
        webhook_verify(secret="", body=BODY, headers={"x-chapa-signature": sign(BODY, "")})


@pytest.mark.parametrize("body", [b"{not json", b'["a list"]'])
def test_a_signed_body_that_is_not_a_json_object_is_rejected(body):
    with pytest.raises(WebhookSignatureError, match="JSON"):
        webhook_verify(secret=SECRET, body=body, headers={"x-chapa-signature": sign(body)})


def test_the_same_delivery_twice_has_one_event_id_and_other_events_another():
    refunded = BODY.replace(b'"charge.success"', b'"charge.refunded"')
    headers = {"x-chapa-signature": sign(BODY)}

    first = webhook_verify(secret=SECRET, body=BODY, headers=headers)
    again = webhook_verify(secret=SECRET, body=BODY, headers=headers)
    other = webhook_verify(
        secret=SECRET, body=refunded, headers={"x-chapa-signature": sign(refunded)}
    )

    assert first.event_id == again.event_id
    assert other.event_id == "charge.refunded:AP634JFwEbxd"
    assert other.event_id != first.event_id


def test_a_payload_nested_in_data_is_read():
    body = json.dumps(
        {"event": "charge.success", "data": {"tx_ref": "100042", "reference": "APx"}}
    ).encode()

    event = webhook_verify(secret=SECRET, body=body, headers={"x-chapa-signature": sign(body)})

    assert event.reference == "100042"
    assert event.event_id == "charge.success:APx"
