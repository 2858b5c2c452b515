"""Stripe's and Chapa's callbacks at ``/api/payments/webhooks/<provider>/``: a signed event is
stored once and queues the order's verification; a forged or stale one changes nothing."""

import json
import time

import pytest
from oscar.core.loading import get_model

from commerce.outbox.models import TaskMessage
from commerce.payment.chapa.webhooks import webhook_signature
from commerce.payment.stripe.tests.fake_stripe import event_body, sign
from testkit.factories.order import order_place

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
WebhookEvent = get_model("payment", "WebhookEvent")

pytestmark = pytest.mark.django_db

STRIPE_SECRET = "whsec_endpoint_test"
CHAPA_SECRET = "chapa-webhook-test"
VERIFY = "commerce.payment.tasks.payment_verify"


@pytest.fixture
def providers(settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_x", STRIPE_SECRET
    settings.CHAPA_SECRET_KEY, settings.CHAPA_WEBHOOK_SECRET = "CHASECK_TEST-x", CHAPA_SECRET
    return settings


def order_paying_with(*, provider: str, reference: str):
    order = order_place()
    source_type, _ = SourceType.objects.get_or_create(code=provider, defaults={"name": provider})
    Source.objects.create(
        order=order,
        source_type=source_type,
        currency=order.currency,
        amount_allocated=order.total_incl_tax,
        reference=reference,
    )
    return order


def verifications_queued(order) -> int:
    return TaskMessage.objects.filter(task=VERIFY, kwargs={"order_id": order.pk}).count()


def post(client, provider, body, **headers):
    return client.post(
        f"/api/payments/webhooks/{provider}/",
        body,
        content_type="application/json",
        headers=headers,
    )


def test_a_signed_stripe_event_is_stored_once_and_queues_verification(client, providers):
    order = order_paying_with(provider="stripe", reference="cs_test_a1")
    body = event_body("checkout.session.completed", id="cs_test_a1", payment_status="paid")

    first = post(client, "stripe", body, **{"Stripe-Signature": sign(body, secret=STRIPE_SECRET)})
    again = post(client, "stripe", body, **{"Stripe-Signature": sign(body, secret=STRIPE_SECRET)})

    assert first.status_code == 200 and first.json()["duplicate"] is False
    assert again.status_code == 200 and again.json()["duplicate"] is True
    event = WebhookEvent.objects.get()
    assert (event.provider, event.event_id, event.reference) == (
        "stripe",
        "evt_test_123",
        "cs_test_a1",
    )
    assert verifications_queued(order) == 1


@pytest.mark.parametrize(
    "signature",
    [
        lambda body: sign(body, secret="whsec_someone_else"),
        lambda body: sign(body, secret=STRIPE_SECRET, timestamp=int(time.time()) - 301),
        lambda body: "",
    ],
    ids=["forged", "stale-replay", "unsigned"],
)
def test_a_forged_or_stale_stripe_event_gets_400(client, providers, signature):
    order = order_paying_with(provider="stripe", reference="cs_test_a1")
    body = event_body("checkout.session.completed", id="cs_test_a1")

    response = post(client, "stripe", body, **{"Stripe-Signature": signature(body)})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_signature"
    assert not WebhookEvent.objects.exists()
    assert verifications_queued(order) == 0


def chapa_body(tx_ref: str) -> bytes:
    return json.dumps(
        {"event": "charge.success", "tx_ref": tx_ref, "reference": "APabc123", "status": "success"}
    ).encode()


def test_a_signed_chapa_event_queues_verification(client, providers):
    order = order_paying_with(provider="chapa", reference=str(order_place().number) + "-x")
    body = chapa_body(Source.objects.get(order=order).reference)
    signature = webhook_signature(secret=CHAPA_SECRET, body=body)

    response = post(client, "chapa", body, **{"x-chapa-signature": signature})

    assert response.status_code == 200, response.content
    assert verifications_queued(order) == 1


def test_a_tampered_chapa_event_gets_400(client, providers):
    order = order_paying_with(provider="chapa", reference="100-x")
    body = chapa_body("100-x")
    signature = webhook_signature(secret=CHAPA_SECRET, body=body)

    response = post(
        client, "chapa", body.replace(b"success", b"failed"), **{"x-chapa-signature": signature}
    )

    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert verifications_queued(order) == 0
