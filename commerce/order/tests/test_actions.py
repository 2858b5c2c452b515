"""Orders follow their payments: settled exactly once, cancelled with a refund, expired unpaid."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from oscar.core.loading import get_model

from commerce.order import actions, statuses
from commerce.order.services import order_status_change
from commerce.payment import services as payment_services
from commerce.payment.interface import PaymentProviderError
from commerce.payment.sandbox import webhooks as sandbox_webhooks
from commerce.payment.sandbox.gateway import SandboxGateway
from commerce.payment.sandbox.models import SandboxPayment
from commerce.payment.sandbox.services import sandbox_callback_body, sandbox_payment_decide
from testkit.factories.order import order_place, sandbox_payment_open
from testkit.transactions import committed

Order = get_model("order", "Order")
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


def _stock(order):
    record = order.lines.get().stockrecord
    record.refresh_from_db()
    return record.num_in_stock, record.num_allocated


def _paid_order(quantity=1):
    order = order_place(quantity=quantity)
    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision="approve"
        )
    order.refresh_from_db()
    return order


# --- A payment settles its order ---------------------------------------------------------------


def test_return_and_webhooks_in_any_order_mark_paid_exactly_once():
    order = order_place()
    source = sandbox_payment_open(order=order)
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")
    payment = SandboxPayment.objects.get(reference=source.reference)

    # The shopper comes back before any webhook, then two webhooks arrive.
    with committed():
        payment_services.payment_verify_enqueue(order_id=order.pk)
    for _ in range(2):
        body = sandbox_callback_body(payment=payment)
        signature = sandbox_webhooks.webhook_sign(
            secret=settings.PAYMENT_SANDBOX_WEBHOOK_SECRET, body=body
        )
        with committed():
            payment_services.webhook_receive(
                provider_code="sandbox",
                body=body,
                headers={sandbox_webhooks.SIGNATURE_HEADER: signature},
                query={},
            )
    with committed():
        actions.order_payment_confirm(order_id=order.pk)

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
        actions.order_payment_confirm(order_id=order.pk)  # the return URL, later
    assert _paid(order) == (statuses.PAID, order.total_incl_tax, 1)


@pytest.mark.parametrize(
    ("decision", "expected"),
    [("decline", statuses.PAYMENT_FAILED), ("abandon", statuses.CANCELLED)],
)
def test_decline_or_abandon_closes_the_order_and_releases_stock(decision, expected):
    order = order_place(quantity=2)
    in_stock, allocated = _stock(order)

    with committed():
        sandbox_payment_decide(
            reference=sandbox_payment_open(order=order).reference, decision=decision
        )

    order.refresh_from_db()
    assert order.status == expected
    assert _stock(order) == (in_stock, allocated - 2)
    assert order.sources.get().amount_debited == 0


def test_a_declined_payment_leaves_a_closed_order_as_it_is():
    order = order_place()
    source = sandbox_payment_open(order=order)
    order_status_change(order_id=order.pk, new_status=statuses.CANCELLED, note="by hand")
    SandboxPayment.objects.filter(reference=source.reference).update(status="failed")

    actions.order_payment_confirm(order_id=order.pk)

    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert order.status_changes.count() == 1


def test_a_payment_after_expiry_is_recorded_for_a_refund():
    order = order_place()
    source = sandbox_payment_open(order=order)
    order_status_change(order_id=order.pk, new_status=statuses.CANCELLED, note="expired")
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")

    with committed():
        actions.order_payment_confirm(order_id=order.pk)

    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert order.sources.get().amount_debited == order.total_incl_tax
    assert payment_services.payment_refundable_amount(order=order) == order.total_incl_tax
    assert "Payment received after the order was Cancelled" in order.notes.latest("pk").message


# --- Cancelling refunds what was paid ----------------------------------------------------------


def test_cancelling_releases_the_allocation_once():
    order = order_place(quantity=2)
    in_stock, allocated = _stock(order)
    with committed():
        actions.order_cancel(order_id=order.pk, note="Customer changed their mind")
    assert _stock(order) == (in_stock, allocated - 2)
    with committed():
        actions.order_cancel(order_id=order.pk)  # a second click changes nothing
    assert _stock(order) == (in_stock, allocated - 2)
    assert order.lines.get().num_allocated == 0
    assert order.status_changes.count() == 1


def test_cancelling_a_paid_order_refunds_it_in_full():
    order = _paid_order(quantity=1)

    with committed():
        actions.order_cancel(order_id=order.pk, note="Out of business")

    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
    assert order.sources.get().amount_refunded == order.total_incl_tax


# --- Refunds -----------------------------------------------------------------------------------


def test_partial_then_full_refund_through_the_provider():
    staff = User.objects.get(email="merchandiser@example.com")
    order = _paid_order()
    total = order.total_incl_tax
    part = (total / 3).quantize(Decimal("0.01"))

    with committed():
        actions.order_refund_request(order_id=order.pk, amount=part, user=staff, reason="Dented")
    order.refresh_from_db()
    assert order.status == statuses.PARTIALLY_REFUNDED
    note = order.notes.filter(message__contains="requested").get()
    assert (note.user, note.message.endswith("Dented")) == (staff, True)
    with committed():
        actions.order_refund_request(order_id=order.pk, amount=total - part, user=staff)
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


def test_a_refused_refund_request_records_and_queues_nothing():
    order = _paid_order()
    with pytest.raises(payment_services.RefundRefused), committed():
        actions.order_refund_request(
            order_id=order.pk, amount=order.total_incl_tax + Decimal("0.01")
        )
    assert not order.sources.get().transactions.filter(txn_type="Refund").exists()
    assert not order.notes.filter(message__contains="requested").exists()


def test_a_refund_run_twice_moves_the_order_once():
    order = _paid_order()
    refund = actions.order_refund_request(order_id=order.pk, amount=Decimal("1.00"))
    actions.order_refund_run(transaction_id=refund.pk)
    actions.order_refund_run(transaction_id=refund.pk)  # a duplicate delivery of the task
    order.refresh_from_db()
    assert order.status == statuses.PARTIALLY_REFUNDED
    assert order.status_changes.filter(new_status=statuses.PARTIALLY_REFUNDED).count() == 1


def test_a_refund_the_provider_refuses_leaves_the_order_paid(monkeypatch):
    order = _paid_order()

    def refuse(self, *, request):
        raise ValueError("no phone number to pay the refund back to")

    monkeypatch.setattr(SandboxGateway, "payment_refund", refuse)
    with committed():
        actions.order_refund_request(order_id=order.pk, amount=Decimal("1.00"))
    order.refresh_from_db()
    assert order.status == statuses.PAID


# --- Unpaid orders expire ----------------------------------------------------------------------


def test_unpaid_orders_expire_and_release_their_stock(settings):
    settings.PAYMENT_EXPIRY_MINUTES = 30
    stale = order_place()
    sandbox_payment_open(order=stale)
    fresh = order_place()
    Order.objects.filter(pk=stale.pk).update(date_placed=timezone.now() - timedelta(minutes=31))
    in_stock, allocated = _stock(stale)

    assert actions.orders_expire_unpaid() == 1

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == statuses.CANCELLED
    assert fresh.status == statuses.PENDING_PAYMENT
    assert _stock(stale)[1] == allocated - 1


def test_expiry_checks_the_provider_first_and_keeps_a_paid_order():
    order = order_place()
    source = sandbox_payment_open(order=order)
    # Paid at the provider, but its callback never arrived.
    SandboxPayment.objects.filter(reference=source.reference).update(status="paid")
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(hours=2))

    assert actions.orders_expire_unpaid() == 0
    order.refresh_from_db()
    assert order.status == statuses.PAID


def test_expiry_goes_ahead_when_the_provider_cannot_be_reached(monkeypatch):
    order = order_place()
    sandbox_payment_open(order=order)
    Order.objects.filter(pk=order.pk).update(date_placed=timezone.now() - timedelta(hours=2))

    def unreachable(self, *, reference):
        raise PaymentProviderError("timed out")

    monkeypatch.setattr(SandboxGateway, "payment_verify", unreachable)

    assert actions.orders_expire_unpaid() == 1
    order.refresh_from_db()
    assert order.status == statuses.CANCELLED
