"""Placing an order and handing it to a payment provider; shared by storefront and API.

The order is written first, in ``Pending payment`` with its stock allocated, and only then is the
shopper sent to the provider: money is never taken for an order that does not exist.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from oscar.core.loading import get_class, get_model

from commerce.checkout.errors import CheckoutError, CheckoutErrorCode
from commerce.checkout.idempotency import (
    IdempotencyClaim,
    IdempotencyKeyReused,
    order_for_key,
    order_place_once,
)
from commerce.checkout.locking import BasketCheckedOut, database_busy_as_checked_out
from commerce.checkout.mixins import OrderPlacementMixin
from commerce.order import statuses
from commerce.order.services import order_status_change
from commerce.partner.services import OutOfStock
from commerce.payment.gateways import ProviderUnavailable
from commerce.payment.interface import PaymentProviderError
from commerce.payment.services import order_source, payment_start

logger = logging.getLogger(__name__)

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
Source = get_model("payment", "Source")


@dataclass(frozen=True)
class CheckoutResult:
    """The order a checkout placed (or, for a repeated request, had placed) and its payment."""

    order: Order
    # Send the shopper to ``payment.redirect_url``; when it is empty (mobile money) they approve
    # on their phone. None only for a repeated request whose order never had a payment opened
    # and no longer awaits one.
    payment: Source | None
    # True when an earlier request with the same Idempotency-Key placed the order.
    replayed: bool = False


class _OrderPlacement(OrderPlacementMixin):
    """Oscar's placement steps (addresses, OrderCreator), outside a view."""

    def __init__(self, *, request):
        self.request = request
        self._payment_sources = None
        self._payment_events = None


def checkout_order_place(
    *,
    request,
    basket,
    shipping_address,
    shipping_method,
    shipping_charge,
    order_total,
    billing_address=None,
    guest_email: str = "",
    order_number: str | None = None,
    **order_kwargs,
):
    """Write the order in Pending payment, allocate its stock and submit the basket, atomically.

    Raises ``commerce.partner.services.OutOfStock`` when any line can no longer be had, and
    ``commerce.checkout.locking.BasketCheckedOut`` when another request placed (or is placing)
    this basket; then nothing is written. ``order_number`` is the one Oscar's storefront gave
    the submission; otherwise a new one is drawn.
    """
    placement = _OrderPlacement(request=request)
    if not order_number:
        order_number = get_class("order.utils", "OrderNumberGenerator")().order_number(basket)
    with database_busy_as_checked_out(), transaction.atomic():
        order = placement.place_order(
            order_number=order_number,
            user=request.user,
            basket=basket,
            shipping_address=shipping_address,
            shipping_method=shipping_method,
            shipping_charge=shipping_charge,
            order_total=order_total,
            billing_address=billing_address,
            status=statuses.PENDING_PAYMENT,
            request=request,
            guest_email=guest_email,
            **order_kwargs,
        )
        basket.submit()
    return order


def checkout_complete(
    *,
    request,
    basket,
    shipping_address,
    shipping_method,
    shipping_charge,
    order_total,
    provider_code: str,
    payer_phone: str = "",
    billing_address=None,
    guest_email: str = "",
    order_number: str | None = None,
    idempotency: IdempotencyClaim | None = None,
    **order_kwargs,
) -> CheckoutResult:
    """Place the basket's order, then open its payment with ``provider_code``; all or nothing.

    The storefront and the API both check out through here; they only read the request and
    word the answer. ``request`` is the one Oscar's placement takes (the customer is its user,
    the order's site is read from it, the provider's return URLs are made absolute with it).
    ``payer_phone`` is the mobile money number, already checked by
    ``commerce.payment.mobile_money``.

    Raises ``CheckoutError``:

    - ``basket_checked_out``: another request placed (or is placing) this basket's order; the
      basket's row is locked for the placement (``commerce.checkout.locking``);
    - ``out_of_stock``: a line can no longer be had; nothing was written;
    - ``idempotency_key_reused``: ``idempotency`` names a key sent before with another body;
    - ``payment_unavailable``: the order was placed but the provider could not open its payment;
      the order is then Payment failed (its stock released) and no money was taken
      (``error.order`` is the order).

    With ``idempotency``, a request repeated with the same key and body gets the order the first
    one placed (``replayed``) and the payment opened for it, never a second order.
    """

    def place():
        return checkout_order_place(
            request=request,
            basket=basket,
            shipping_address=shipping_address,
            shipping_method=shipping_method,
            shipping_charge=shipping_charge,
            order_total=order_total,
            billing_address=billing_address,
            guest_email=guest_email,
            order_number=order_number,
            **order_kwargs,
        )

    try:
        with database_busy_as_checked_out():
            if idempotency is None:
                order, replayed = place(), False
            else:
                order, replayed = order_place_once(
                    key=idempotency.key,
                    owner=idempotency.owner,
                    fingerprint=idempotency.fingerprint,
                    place=place,
                )
    except BasketCheckedOut as error:
        raise CheckoutError(
            code=CheckoutErrorCode.BASKET_CHECKED_OUT, message=str(error)
        ) from error
    except OutOfStock as error:
        raise CheckoutError(code=CheckoutErrorCode.OUT_OF_STOCK, message=str(error)) from error
    except IdempotencyKeyReused as error:
        raise _idempotency_key_reused() from error
    if replayed:
        return _checkout_replayed(
            request=request, order=order, provider_code=provider_code, payer_phone=payer_phone
        )
    payment = checkout_payment_open(
        request=request, order=order, provider_code=provider_code, payer_phone=payer_phone
    )
    return CheckoutResult(order=order, payment=payment)


def checkout_replay(*, request, idempotency: IdempotencyClaim) -> CheckoutResult | None:
    """What an earlier request with this Idempotency-Key placed, or None if it placed nothing.

    Raises ``CheckoutError`` (``idempotency_key_reused``) when the key came with another body,
    or (``payment_unavailable``) when the order's payment cannot be opened.
    """
    try:
        order = order_for_key(
            key=idempotency.key, owner=idempotency.owner, fingerprint=idempotency.fingerprint
        )
    except IdempotencyKeyReused as error:
        raise _idempotency_key_reused() from error
    if order is None:
        return None
    return _checkout_replayed(request=request, order=order)


def _checkout_replayed(
    *, request, order, provider_code: str = "", payer_phone: str = ""
) -> CheckoutResult:
    # A replay reopens nothing: it returns the payment the first request opened (payment_start
    # is idempotent per order), or opens it if that request stopped before doing so.
    source = order_source(order=order)
    payment = None
    if order.status == statuses.PENDING_PAYMENT or source is not None:
        payment = checkout_payment_open(
            request=request,
            order=order,
            provider_code=source.source_type.code if source else provider_code,
            payer_phone=payer_phone,
        )
    return CheckoutResult(order=order, payment=payment, replayed=True)


def _idempotency_key_reused() -> CheckoutError:
    return CheckoutError(
        code=CheckoutErrorCode.IDEMPOTENCY_KEY_REUSED,
        message=_("This Idempotency-Key was used with a different request body."),
    )


def checkout_payment_open(*, request, order, provider_code: str, payer_phone: str = ""):
    """Open the order's payment with the provider, or return the one already opened.

    When the provider cannot open it, an order still in Pending payment can never be paid: it
    is moved to Payment failed, which releases its stock, and ``CheckoutError``
    (``payment_unavailable``) is raised. No money was taken.
    """
    try:
        return payment_start(
            order_id=order.pk,
            provider_code=provider_code,
            phone=payer_phone,
            **checkout_payment_urls(request=request, order=order, provider_code=provider_code),
        )
    except (PaymentProviderError, ProviderUnavailable, ValueError) as error:
        logger.error("Order %s: could not open the payment: %s", order.number, error)
        if order.status == statuses.PENDING_PAYMENT:
            order_status_change(
                order_id=order.pk,
                new_status=statuses.PAYMENT_FAILED,
                note=_("The payment provider could not be reached: %(error)s") % {"error": error},
            )
        raise CheckoutError(
            code=CheckoutErrorCode.PAYMENT_UNAVAILABLE,
            message=_("The payment provider could not be reached; no payment was taken."),
            order=order,
        ) from error


def checkout_payment_urls(*, request, order, provider_code: str) -> dict[str, str]:
    """Absolute return, cancel and webhook URLs for the provider."""
    return_path = reverse("checkout:payment-return", kwargs={"order_number": order.number})
    return {
        "return_url": request.build_absolute_uri(return_path),
        "cancel_url": request.build_absolute_uri(f"{return_path}?cancelled=1"),
        "webhook_url": request.build_absolute_uri(
            reverse("payment-webhook", kwargs={"provider": provider_code})
        ),
    }


def basket_restore(*, order, current_basket):
    """Give the shopper back the lines of an order whose payment failed, in an open basket.

    The order keeps its own (submitted) basket: one basket, one order, so a basket an order
    was written for can never be placed again (``commerce.checkout.locking``), and Oscar numbers
    orders from the basket. Its lines move into the shopper's current open basket, or a new one,
    as Oscar merges baskets at sign-in. Giving back twice moves nothing the second time.
    """
    if not order.basket_id:
        return current_basket
    try:
        placed = Basket._default_manager.get(pk=order.basket_id)
    except Basket.DoesNotExist:
        return current_basket
    if placed.status == Basket.MERGED:
        return current_basket
    reusable = (
        current_basket is not None
        and current_basket.pk
        and current_basket.pk != placed.pk
        and current_basket.status == Basket.OPEN
        and not Order._default_manager.filter(basket_id=current_basket.pk).exists()
    )
    basket = (
        current_basket
        if reusable
        else Basket._default_manager.create(owner=order.user if order.user_id else None)
    )
    basket.merge(placed)
    return basket
    basket.thaw()
    if current_basket is not None and current_basket.pk and current_basket.pk != basket.pk:
        basket.merge(current_basket)
    return basket
