"""Payments settle orders exactly once, whatever arrives and in whatever order."""

import json
from decimal import Decimal

import pytest
from django.conf import settings
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.order.tests.factories import committed, order_place, sandbox_payment_open
from commerce.payment import services
from commerce.payment.sandbox import webhooks as sandbox_webhooks
from commerce.payment.sandbox.models import SandboxPayment
from commerce.payment.sandbox.services import sandbox_callback_body, sandbox_payment_decide

Order = get_model("order", "Order")
WebhookEvent = get_model("payment", "WebhookEvent")
User = get_model("auth", "User")

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


def test_return_and_webhooks_in_any_order_mark_paid_exactly_once():
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")
    payment = SandboxPayment.objects.get(reference=source.reference)

    # The shopper comes back before any webhook, then two webhooks arrive.
    with committed():
        services.payment_verify_enqueue(order_id=order.pk)
    for _ in range(2):
        body, headers = _signed_callback(payment)
        with committed():
            services.webhook_receive(provider_code="sandbox", body=body, headers=headers, query={})
    with committed():
        services.payment_confirm(order_id=order.pk)

    assert _paid(order) == (statuses.PAID, order.total_incl_tax, 1)
    assert order.status_changes.filter(new_status=statuses.PAID).count() == 1
    assert order.sources.get().transactions.filter(txn_type="Debit").count() == 1


def test_webhook_first_then_return():
    order = order_place()
    source = sandbox_payment_open(order=order)
    with committed():
        sandbox_payment_decide(reference=source.reference, decision="approve")  # the webhook
    assert _paid(order) == (statuses.PAID, order.total_incl_tax, 1)
    with committed():
        services.payment_confirm(order_id=order.pk)  # the return URL, later
    assert _paid(order) == (statuses.PAID, order.total_incl_tax, 1)


@pytest.mark.parametrize(
    ("decision", "expected"),
    [("decline", statuses.PAYMENT_FAILED), ("abandon", statuses.CANCELLED)],
)
def test_decline_or_abandon_closes_the_order_and_releases_stock(decision, expected):
    order = order_place(quantity=2)
    record = order.lines.get().stockrecord
    record.refresh_from_db()
    allocated = record.num_allocated

    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision=decision
        )

    order.refresh_from_db()
    record.refresh_from_db()
    assert order.status == expected
    assert record.num_allocated == allocated - 2
    assert order.sources.get().amount_debited == 0


def test_a_wrong_amount_at_the_provider_is_not_marked_paid():
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(
        status="paid", amount=Decimal("0.01")
    )
    with committed():
        services.payment_confirm(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == statuses.PENDING_PAYMENT
    assert "not marked as paid" in order.notes.get().message


def test_a_payment_after_expiry_is_recorded_for_a_refund():
    order = order_place()
    source = sandbox_payment_open(order=order)
    from commerce.order.services import order_status_change

    order_status_change(order_id=order.pk, new_status=statuses.CANCELLED, note="expired")
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")

    with committed():
        services.payment_confirm(order_id=order.pk)

    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert order.sources.get().amount_debited == order.total_incl_tax
    assert services.payment_refundable_amount(order=order) == order.total_incl_tax


def _paid_order(quantity=1):
    order = order_place(quantity=quantity)
    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision="approve"
        )
    order.refresh_from_db()
    return order


def test_partial_then_full_refund_through_the_provider():
    staff = User.objects.get(email="merchandiser@example.com")
    order = _paid_order()
    total = order.total_incl_tax
    part = (total / 3).quantize(Decimal("0.01"))

    with committed():
        services.refund_request(order_id=order.pk, amount=part, user=staff)
    order.refresh_from_db()
    assert order.status == statuses.PARTIALLY_REFUNDED
    with committed():
        services.refund_request(order_id=order.pk, amount=total - part, user=staff)
    order.refresh_from_db()

    assert order.status == statuses.REFUNDED
    source = order.sources.get()
    assert source.amount_refunded == total
    refunds = source.transactions.filter(txn_type="Refund").order_by("pk")
    assert [(t.amount, t.status) for t in refunds] == [
        (part, "Succeeded"),
        (total - part, "Succeeded"),
    ]
    sandbox = SandboxPayment.objects.get(reference=source.reference)
    assert sandbox.amount_refunded == total


def test_a_refund_larger_than_what_was_paid_is_refused():
    order = _paid_order()
    with pytest.raises(services.RefundRefused):
        with committed():
            services.refund_request(
                order_id=order.pk, amount=order.total_incl_tax + Decimal("0.01")
            )
    with pytest.raises(services.RefundRefused):
        with committed():
            services.refund_request(order_id=order.pk, amount=Decimal("0"))
    source = order.sources.get()
    assert not source.transactions.filter(txn_type="Refund").exists()
    order.refresh_from_db()
    assert order.status == statuses.PAID


def test_an_unpaid_order_has_nothing_to_refund():
    order = order_place()
    sandbox_payment_open(order=order)
    with pytest.raises(services.RefundRefused):
        with committed():
            services.refund_request(order_id=order.pk, amount=Decimal("1.00"))


def test_a_retried_refund_task_does_not_pay_out_twice():
    order = _paid_order()
    refund = services.refund_request(order_id=order.pk, amount=Decimal("1.00"))
    services.refund_run(transaction_id=refund.pk)  # a duplicate delivery of the task
    source = order.sources.get()
    assert source.amount_refunded == Decimal("1.00")
    assert SandboxPayment.objects.get(reference=source.reference).amount_refunded == Decimal("1.00")


def test_cancelling_a_paid_order_refunds_it_in_full():
    order = _paid_order(quantity=1)
    from commerce.order.services import order_cancel

    with committed():
        order_cancel(order_id=order.pk, note="Out of business")
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert order.sources.get().amount_refunded == order.total_incl_tax


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
    with committed():
        refund = services.refund_request(order_id=order.pk, amount=Decimal("1.00"))
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
