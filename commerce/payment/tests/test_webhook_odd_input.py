"""Signed webhooks the database could not store as sent answer 400 and store nothing."""

import json

import pytest
from django.conf import settings
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.payment.sandbox import webhooks
from commerce.payment.sandbox.models import SandboxPayment
from testkit.factories.order import order_place, sandbox_payment_open
from testkit.transactions import committed

Order = get_model("order", "Order")
WebhookEvent = get_model("payment", "WebhookEvent")

pytestmark = pytest.mark.django_db

URL = "/api/payments/webhooks/sandbox/"


@pytest.fixture
def payment():
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")
    return SandboxPayment.objects.get(reference=source.reference)


def _signed_post(client, body: bytes):
    signature = webhooks.webhook_sign(secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET, body=body)
    with committed():
        return client.post(
            URL, body, content_type="application/json", HTTP_SANDBOX_SIGNATURE=signature
        )


def _event(payment, **changes) -> dict:
    return {
        "id": "evt_1",
        "type": "payment.paid",
        "data": {"reference": payment.reference, "status": "paid"},
        **changes,
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "e" * 10_000},
        {"id": "evt_\x00_1"},
        {"type": "payment." + "x" * 500},
        {"data": {"reference": "ref\x00", "status": "paid"}},
        {"note": "a NUL \x00 in the body"},
        {"note\x00": "a NUL in a key"},
    ],
    ids=["long-id", "nul-id", "long-kind", "nul-reference", "nul-in-body", "nul-in-key"],
)
def test_a_signed_event_the_database_cannot_hold_gets_400(client, payment, changes):
    body = json.dumps(_event(payment, **changes)).encode()

    response = _signed_post(client, body)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_event"
    assert not WebhookEvent.objects.exists()
    assert SandboxPayment.objects.get(pk=payment.pk).status == "paid"


def test_a_signed_body_nested_ten_thousand_deep_gets_400(client, payment):
    body = b'{"id": "evt_deep", "type": "payment.paid", "data": {"reference": "x"}, "deep": '
    body += b"[" * 10_000 + b"]" * 10_000 + b"}"

    response = _signed_post(client, body)

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_event"
    assert not WebhookEvent.objects.exists()


def test_an_unsigned_deep_flexpay_body_gets_400(client, settings):
    settings.FLEXPAY_TOKEN = "flexpay-token"
    settings.FLEXPAY_MERCHANT = "NEXUS"
    body = b"[" * 10_000 + b"]" * 10_000

    with committed():
        response = client.post(
            "/api/payments/webhooks/flexpay/?token=x", body, content_type="application/json"
        )

    assert response.status_code == 400, response.content
    assert not WebhookEvent.objects.exists()


def test_an_event_id_at_the_column_limit_is_stored(client, payment):
    body = json.dumps(_event(payment, id="e" * 255)).encode()

    response = _signed_post(client, body)

    assert response.status_code == 200, response.content
    assert WebhookEvent.objects.get().event_id == "e" * 255
    assert Order.objects.get(number=payment.order_number).status == statuses.PAID
