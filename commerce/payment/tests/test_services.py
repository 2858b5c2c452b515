"""Payments: opened once per order, verified and debited once, webhooks stored once, refunds
recorded and run once. (How the order follows is tested with ``commerce.order.actions``.)"""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.payment import services
from commerce.payment.interface import PaymentStatus
from commerce.payment.sandbox import webhooks as sandbox_webhooks
from commerce.payment.sandbox.models import SandboxPayment
from commerce.payment.sandbox.services import sandbox_callback_body, sandbox_payment_decide
from testkit.factories.order import order_place, sandbox_payment_open
from testkit.transactions import committed

Order = get_model("order", "Order")
WebhookEvent = get_model("payment", "WebhookEvent")

pytestmark = pytest.mark.django_db


def _paid(order):
    order.refresh_from_db()
    source = order.sources.get()
    return (
        order.status,
        source.amount_debited,
        order.payment_events.filter(event_type__code="paid").count(),
    )


def _signed_callback(payment):
    body = sandbox_callback_body(payment=payment)
    return body, {
        "Sandbox-Signature": sandbox_webhooks.webhook_sign(
            secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET, body=body
        )
    }


def test_start_is_idempotent_per_order():
    order = order_place()
    first = sandbox_payment_open(order=order)
    second = sandbox_payment_open(order=order)
    assert first.pk == second.pk
    assert SandboxPayment.objects.filter(order_number=order.number).count() == 1
    assert first.amount_allocated == order.total_incl_tax
    assert first.redirect_url.startswith("/payments/sandbox/")


def test_verify_records_the_money_once_and_leaves_the_order_to_its_caller():
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")

    outcome = services.payment_verify(order_id=order.pk)

    assert outcome.status == PaymentStatus.PAID and source.reference in outcome.note
    assert _paid(order) == (statuses.PENDING_PAYMENT, order.total_incl_tax, 1)
    assert services.payment_verify(order_id=order.pk) is None  # settled: not asked again
    assert _paid(order) == (statuses.PENDING_PAYMENT, order.total_incl_tax, 1)


@pytest.mark.parametrize(
    ("provider_status", "expected"),
    [("pending", None), ("failed", PaymentStatus.FAILED), ("cancelled", PaymentStatus.CANCELLED)],
)
def test_verify_reports_what_the_provider_says(provider_status, expected):
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(status=provider_status)

    outcome = services.payment_verify(order_id=order.pk)

    assert (outcome.status if outcome else None) == expected
    assert _paid(order) == (statuses.PENDING_PAYMENT, 0, 0)


def test_a_wrong_amount_at_the_provider_is_not_marked_paid():
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(
        status="paid", amount=Decimal("0.01")
    )
    assert services.payment_verify(order_id=order.pk) is None
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT
    assert order.sources.get().amount_debited == 0
    assert "not marked as paid" in order.notes.get().message


def _paid_order(quantity=1):
    order = order_place(quantity=quantity)
    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision="approve"
        )
    order.refresh_from_db()
    return order


def test_a_refund_larger_than_what_was_paid_is_refused():
    order = _paid_order()
    with pytest.raises(services.RefundRefused):
        services.refund_record(order=order, amount=order.total_incl_tax + Decimal("0.01"))
    with pytest.raises(services.RefundRefused):
        services.refund_record(order=order, amount=Decimal("0"))
    source = order.sources.get()
    assert not source.transactions.filter(txn_type="Refund").exists()
    order.refresh_from_db()
    assert order.status == statuses.PAID


def test_an_unpaid_order_has_nothing_to_refund():
    order = order_place()
    sandbox_payment_open(order=order)
    with pytest.raises(services.RefundRefused):
        services.refund_record(order=order, amount=Decimal("1.00"))


def test_a_recorded_refund_waits_to_be_run():
    order = _paid_order()
    refund = services.refund_record(order=order, amount=Decimal("1.00"))
    assert (refund.amount, refund.status) == (Decimal("1.00"), "Pending")
    # What is pending counts as refunded already: no second refund of the same money.
    assert services.payment_refundable_amount(order=order) == order.total_incl_tax - 1
    assert order.sources.get().amount_refunded == 0


def test_a_retried_refund_task_does_not_pay_out_twice():
    order = _paid_order()
    refund = services.refund_record(order=order, amount=Decimal("1.00"))
    outcome = services.refund_run(transaction_id=refund.pk)
    assert services.refund_run(transaction_id=refund.pk) is None  # a duplicate delivery
    assert (outcome.order_id, outcome.amount, outcome.fully_refunded) == (
        order.pk,
        Decimal("1.00"),
        False,
    )
    source = order.sources.get()
    assert source.amount_refunded == Decimal("1.00")
    assert SandboxPayment.objects.get(reference=source.reference).amount_refunded == Decimal("1.00")
    order.refresh_from_db()
    assert order.status == statuses.PAID  # moving the order is the order actions' job


def test_a_refund_of_everything_paid_is_reported_as_full():
    order = _paid_order()
    refund = services.refund_record(order=order, amount=order.total_incl_tax)
    assert services.refund_run(transaction_id=refund.pk).fully_refunded


def test_webhook_event_payload_is_stored_once():
    order = order_place()
    source = sandbox_payment_open(order=order)
    payment = SandboxPayment.objects.get(reference=source.reference)
    body, headers = _signed_callback(payment)
    assert services.webhook_receive(provider_code="sandbox", body=body, headers=headers, query={})
    assert not services.webhook_receive(
        provider_code="sandbox", body=body, headers=headers, query={}
    )
    event = WebhookEvent.objects.get()
    assert event.event_id == json.loads(body)["id"] and event.reference == source.reference


def test_a_refund_the_provider_cannot_take_fails_visibly(monkeypatch):
    order = _paid_order()
    from commerce.payment.sandbox.gateway import SandboxGateway

    def refuse(self, *, request):
        raise ValueError("no phone number to pay the refund back to")

    monkeypatch.setattr(SandboxGateway, "payment_refund", refuse)
    refund = services.refund_record(order=order, amount=Decimal("1.00"))
    assert services.refund_run(transaction_id=refund.pk) is None
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.status == "Failed"
    assert order.status == statuses.PAID
    assert order.sources.get().amount_refunded == 0
    assert "no phone number" in order.notes.latest("pk").message


def test_the_phone_paid_from_is_kept_for_a_mobile_money_refund():
    order = order_place()
    from commerce.payment.services import payment_start

    source = payment_start(
        order_id=order.pk,
        provider_code="sandbox",
        return_url="http://testserver/r/",
        cancel_url="http://testserver/c/",
        webhook_url="http://testserver/w/",
        phone="+243812345678",
    )
    assert source.label == "+243812345678"
