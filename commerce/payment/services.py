"""Money in and out: starting a payment, verifying it exactly once, webhooks and refunds.

Providers are reached through ``commerce.payment.gateways``; every call that may be slow or fail
runs in a Celery task enqueued through the task outbox (``commerce.outbox``), so a broker outage
delays the work but never loses it. These services record the money and report what happened
(``PaymentOutcome``, ``RefundOutcome``); moving the order is ``commerce.order.actions``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from commerce.order import statuses
from commerce.outbox.services import task_enqueue
from commerce.payment.gateways import gateway_get
from commerce.payment.interface import (
    PaymentOutcome,
    PaymentProviderError,
    PaymentStartRequest,
    PaymentStatus,
    RefundOutcome,
    RefundRequest,
    RefundResult,
    RefundStatus,
    WebhookSignatureError,
)

logger = logging.getLogger(__name__)

Order = get_model("order", "Order")
PaymentEventType = get_model("order", "PaymentEventType")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")
Transaction = get_model("payment", "Transaction")
WebhookEvent = get_model("payment", "WebhookEvent")

__all__ = [
    "PaymentProviderError",
    "RefundRefused",
    "payment_refundable_amount",
    "payment_start",
    "payment_verify",
    "payment_verify_enqueue",
    "refund_record",
    "refund_run",
    "webhook_receive",
]

TXN_PENDING = "Pending"
TXN_SUCCEEDED = "Succeeded"
TXN_FAILED = "Failed"


# Deeper than any provider's event; the stored payload is written back out as JSON.
WEBHOOK_PAYLOAD_MAX_DEPTH = 64


class WebhookEventInvalid(WebhookSignatureError):
    """A callback the shop cannot store as sent: an event id too long for its column, a NUL
    character (PostgreSQL text cannot hold one), or a body nested too deeply."""


class RefundRefused(ValueError):
    """A refund that cannot be made: more than was paid, nothing paid, or not positive."""


def order_source(*, order) -> Source | None:
    return order.sources.select_related("source_type").order_by("pk").first()


def payment_start(
    *,
    order_id: int,
    provider_code: str,
    return_url: str,
    cancel_url: str,
    webhook_url: str,
    phone: str = "",
) -> Source:
    """Open a payment with the provider for an order in Pending payment; idempotent per order.

    A repeated call (a retried request) returns the payment already opened, so the shopper is
    sent to the same hosted page and never charged twice.
    """
    gateway = gateway_get(code=provider_code)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        existing = order_source(order=order)
        if existing is not None and existing.reference:
            return existing
        if order.status != statuses.PENDING_PAYMENT:
            raise ValueError(f"order {order.number} is {order.status}, not awaiting payment")
        email = order.email
        result = gateway.payment_start(
            request=PaymentStartRequest(
                order_number=order.number,
                amount=order.total_incl_tax,
                currency=order.currency,
                return_url=return_url,
                cancel_url=cancel_url,
                webhook_url=webhook_url,
                email=email,
                phone=phone,
                first_name=getattr(order.shipping_address, "first_name", "") or "",
                last_name=getattr(order.shipping_address, "last_name", "") or "",
                description=_("Order %(number)s") % {"number": order.number},
            )
        )
        source_type, _created = SourceType.objects.get_or_create(
            code=gateway.code, defaults={"name": gateway.name}
        )
        source = Source.objects.create(
            order=order,
            source_type=source_type,
            currency=order.currency,
            amount_allocated=order.total_incl_tax,
            reference=result.reference,
            redirect_url=result.redirect_url,
            # The account paid from: a mobile money refund is paid back to it.
            label=phone[:128],
        )
        logger.info(
            "Order %s: payment %s opened with %s", order.number, result.reference, gateway.code
        )
        return source


def payment_verify_enqueue(*, order_id: int) -> None:
    """Queue the one task that asks the provider and settles the order (return URL, webhook).

    The task lives in ``commerce.order.tasks`` (it moves the order) under the name it was first
    registered with, which messages already in the outbox carry too.
    """
    task_enqueue(task="commerce.payment.tasks.payment_verify", kwargs={"order_id": order_id})


def payment_verify(*, order_id: int) -> PaymentOutcome | None:
    """Ask the provider how the order's payment stands and record the money; idempotent.

    Returns what the order must follow, or None when there is nothing new: no payment opened,
    already settled, still pending at the provider, or a paid amount that does not match the
    order (a person has to look at that one; a note says so). A payment is debited once,
    however many times this runs and in whatever order the return URL and the webhooks arrive:
    the order row is locked and a settled payment is not asked again. Raises
    PaymentProviderError to be retried.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        source = order_source(order=order)
        if source is None or not source.reference:
            return None
        if source.amount_debited > 0:
            return None  # already settled
        gateway = gateway_get(code=source.source_type.code)
        verification = gateway.payment_verify(reference=source.reference)
        if verification.status == PaymentStatus.PENDING:
            return None
        if verification.status != PaymentStatus.PAID:
            return PaymentOutcome(
                status=verification.status,
                note=verification.message
                or _("Payment %(status)s at %(provider)s")
                % {"status": verification.status.value, "provider": gateway.name},
            )
        if (
            verification.amount != order.total_incl_tax
            or verification.currency.upper() != order.currency.upper()
        ):
            # Never mark paid on a wrong amount; a person has to look at it.
            message = _(
                "Provider reports %(amount)s %(currency)s paid, order total is %(total)s "
                "%(order_currency)s; not marked as paid."
            ) % {
                "amount": verification.amount,
                "currency": verification.currency,
                "total": order.total_incl_tax,
                "order_currency": order.currency,
            }
            order.notes.create(message=message, note_type="System")
            logger.error("Order %s: %s", order.number, message)
            return None
        source.transaction_id = verification.transaction_id
        source.save(update_fields=["transaction_id"])
        source.debit(verification.amount, reference=source.reference, status=TXN_SUCCEEDED)
        event_type, _created = PaymentEventType.objects.get_or_create(
            code="paid", defaults={"name": "Paid"}
        )
        order.payment_events.create(
            event_type=event_type, amount=verification.amount, reference=source.reference
        )
        return PaymentOutcome(
            status=PaymentStatus.PAID,
            note=_("Payment %(reference)s verified with %(provider)s")
            % {"reference": source.reference, "provider": gateway.name},
        )


def webhook_receive(
    *, provider_code: str, body: bytes, headers: Mapping[str, str], query: Mapping[str, str]
) -> bool:
    """Verify and store one provider callback; returns False for a duplicate delivery.

    Raises WebhookSignatureError (forged, stale, malformed; WebhookEventInvalid when signed but
    not storable) and ProviderUnavailable; in all cases nothing is stored.
    """
    gateway = gateway_get(code=provider_code)
    try:
        event = gateway.webhook_parse(body=body, headers=headers, query=query)
    except RecursionError as error:  # json.loads of a body nested thousands deep
        raise WebhookEventInvalid("callback body is nested too deeply") from error
    _webhook_event_check(event)
    try:
        with transaction.atomic():
            WebhookEvent.objects.create(
                provider=gateway.code,
                event_id=event.event_id,
                kind=event.kind,
                reference=event.reference,
                payload=dict(event.payload),
            )
            source = (
                Source.objects.filter(source_type__code=gateway.code, reference=event.reference)
                .only("order_id")
                .first()
                if event.reference
                else None
            )
            if source is not None:
                payment_verify_enqueue(order_id=source.order_id)
    except IntegrityError:
        logger.info("%s webhook %s: duplicate delivery ignored", gateway.code, event.event_id)
        return False
    return True


def _webhook_event_check(event) -> None:
    """Raise WebhookEventInvalid for an event that its columns or the database cannot hold."""
    if not event.event_id:
        raise WebhookEventInvalid("callback has no event id")
    for name in ("event_id", "kind", "reference"):
        value = getattr(event, name)
        limit = WebhookEvent._meta.get_field(name).max_length
        if len(value) > limit:
            raise WebhookEventInvalid(f"callback {name} is longer than {limit} characters")
        if "\x00" in value:
            raise WebhookEventInvalid(f"callback {name} contains a NUL character")
    level = [event.payload]
    for _depth in range(WEBHOOK_PAYLOAD_MAX_DEPTH + 1):
        children = []
        for item in level:
            if isinstance(item, Mapping):
                children.extend(item.keys())
                children.extend(item.values())
            elif isinstance(item, list):
                children.extend(item)
            elif isinstance(item, str) and "\x00" in item:
                raise WebhookEventInvalid("callback body contains a NUL character")
        if not children:
            return
        level = children
    raise WebhookEventInvalid("callback body is nested too deeply")


def payment_refundable_amount(*, order) -> Decimal:
    source = order_source(order=order)
    if source is None:
        return Decimal("0")
    pending = source.transactions.filter(txn_type=Transaction.REFUND, status=TXN_PENDING).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")
    return source.amount_debited - source.amount_refunded - pending


def refund_record(*, order, amount: Decimal):
    """Record a pending refund of ``amount`` against the order's payment; returns the
    ``Transaction`` to run through the provider (``refund_run``).

    Raises RefundRefused for more than is left to refund, nothing paid, or not positive. The
    payment row is locked, so two requests cannot both refund the same money.
    """
    with transaction.atomic():
        source = order_source(order=order)
        if source is None:
            raise RefundRefused(_("This order has no payment to refund."))
        source = Source.objects.select_for_update().get(pk=source.pk)
        if amount <= 0:
            raise RefundRefused(_("A refund must be more than zero."))
        refundable = payment_refundable_amount(order=order)
        if amount > refundable:
            raise RefundRefused(
                _("At most %(amount)s %(currency)s can be refunded.")
                % {"amount": refundable, "currency": source.currency}
            )
        return source.transactions.create(
            txn_type=Transaction.REFUND, amount=amount, status=TXN_PENDING
        )


def refund_run(*, transaction_id: int) -> RefundOutcome | None:
    """Send a recorded refund to the provider and record the outcome; idempotent.

    Returns the refund paid out, or None when there is nothing for the order to follow (already
    run, or refused by the provider: a note on the order says why). The provider receives our
    refund id as its idempotency key, so a task retried after the provider answered does not
    pay out twice.
    """
    with transaction.atomic():
        refund = (
            Transaction.objects.select_for_update().select_related("source").get(pk=transaction_id)
        )
        if refund.status != TXN_PENDING:
            return None
        source = (
            Source.objects.select_for_update()
            .select_related("source_type", "order")
            .get(pk=refund.source_id)
        )
        order = source.order
        gateway = gateway_get(code=source.source_type.code)
        try:
            result = gateway.payment_refund(
                request=RefundRequest(
                    reference=source.reference,
                    amount=refund.amount,
                    currency=source.currency,
                    order_number=order.number,
                    refund_id=f"refund-{refund.pk}",
                    transaction_id=source.transaction_id,
                    phone=source.label,
                )
            )
        except ValueError as error:
            # The provider cannot take this refund at all (no phone to pay back, a currency it
            # does not pay out in): retrying would not help.
            result = RefundResult(
                refund_reference="",
                amount=Decimal("0"),
                status=RefundStatus.FAILED,
                message=str(error),
            )
        if result.status == RefundStatus.FAILED:
            refund.status = TXN_FAILED
            refund.save(update_fields=["status"])
            order.notes.create(
                message=_("Refund of %(amount)s failed at the provider: %(message)s")
                % {"amount": refund.amount, "message": result.message},
                note_type="System",
            )
            logger.error("Order %s: refund %s failed: %s", order.number, refund.pk, result.message)
            return None
        refund.status = TXN_SUCCEEDED
        refund.reference = result.refund_reference[:128]
        refund.save(update_fields=["status", "reference"])
        source.amount_refunded += refund.amount
        source.save(update_fields=["amount_refunded"])
        event_type, _created = PaymentEventType.objects.get_or_create(
            code="refunded", defaults={"name": "Refunded"}
        )
        order.payment_events.create(
            event_type=event_type, amount=refund.amount, reference=refund.reference
        )
        return RefundOutcome(
            order_id=order.pk,
            amount=refund.amount,
            currency=source.currency,
            fully_refunded=source.amount_refunded >= source.amount_debited,
        )
