"""``POST /api/payments/webhooks/<provider>/``: signatures, duplicates, unknown providers."""

import time

import pytest
from django.conf import settings
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.payment.sandbox import webhooks
from commerce.payment.sandbox.models import SandboxPayment
from commerce.payment.sandbox.services import sandbox_callback_body
from testkit.factories.order import order_place, sandbox_payment_open
from testkit.transactions import committed

WebhookEvent = get_model("payment", "WebhookEvent")

pytestmark = pytest.mark.django_db

URL = "/api/payments/webhooks/sandbox/"


@pytest.fixture
def paid_at_provider():
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")
    return order, SandboxPayment.objects.get(reference=source.reference)


def _post(client, body, signature):
    with committed():
        return client.post(
            URL, body, content_type="application/json", HTTP_SANDBOX_SIGNATURE=signature
        )


def test_a_signed_callback_settles_the_order(client, paid_at_provider):
    order, payment = paid_at_provider
    body = sandbox_callback_body(payment=payment)
    secret = settings.PAYMENT_SANDBOX_WEBHOOK_SECRET

    response = _post(client, body, webhooks.webhook_sign(secret=secret, body=body))

    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "duplicate": False}
    order.refresh_from_db()
    assert order.status == statuses.PAID


def test_a_duplicate_delivery_gets_200_and_changes_nothing(client, paid_at_provider):
    order, payment = paid_at_provider
    body = sandbox_callback_body(payment=payment)
    signature = webhooks.webhook_sign(secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET, body=body)
    assert _post(client, body, signature).status_code == 200
    changes = order.status_changes.count()

    response = _post(client, body, signature)

    assert response.status_code == 200
    assert response.json()["duplicate"] is True
    assert WebhookEvent.objects.count() == 1
    assert order.status_changes.count() == changes


@pytest.mark.parametrize(
    "forge",
    [
        lambda body: webhooks.webhook_sign(secret="not-the-secret", body=body),
        lambda body: webhooks.webhook_sign(
            secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET, body=body + b" "
        ),
        lambda body: webhooks.webhook_sign(
            secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET,
            body=body,
            timestamp=int(time.time()) - 301,
        ),
        lambda body: "",
        lambda body: "t=abc,v1=zz",
    ],
    ids=["wrong-secret", "tampered-body", "stale", "missing", "garbage"],
)
def test_forged_stale_or_malformed_calls_get_400_and_change_nothing(
    client, paid_at_provider, forge
):
    order, payment = paid_at_provider
    body = sandbox_callback_body(payment=payment)

    response = _post(client, body, forge(body))

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_signature"
    assert not WebhookEvent.objects.exists()
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT


def test_an_unknown_or_unconfigured_provider_is_404(client, settings):
    assert (
        client.post(
            "/api/payments/webhooks/paypal/", b"{}", content_type="application/json"
        ).status_code
        == 404
    )
    settings.STRIPE_SECRET_KEY = ""
    assert (
        client.post(
            "/api/payments/webhooks/stripe/", b"{}", content_type="application/json"
        ).status_code
        == 404
    )


def test_webhooks_accept_post_only(client):
    assert client.get(URL).status_code == 405


def test_the_sandbox_page_shows_the_amount_and_sends_the_shopper_back(client):
    order = order_place()
    source = sandbox_payment_open(order=order)
    page = client.get(source.redirect_url)
    assert page.status_code == 200
    assert str(order.total_incl_tax) in page.content.decode()

    with committed():
        response = client.post(source.redirect_url, {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/checkout/payment/{order.number}/return/")
    order.refresh_from_db()
    assert order.status == statuses.PAID
    assert WebhookEvent.objects.get().payload["data"]["status"] == "paid"
