"""Placing an order and handing it to a payment provider; shared by storefront and API.

The order is written first, in ``Pending payment`` with its stock allocated, and only then is the
shopper sent to the provider: money is never taken for an order that does not exist.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from commerce.checkout.locking import database_busy_as_checked_out
from commerce.checkout.mixins import OrderPlacementMixin
from commerce.order import statuses

Basket = get_model("basket", "Basket")


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
    **order_kwargs,
):
    """Write the order in Pending payment, allocate its stock and submit the basket, atomically.

    Raises ``commerce.partner.services.OutOfStock`` when any line can no longer be had, and
    ``commerce.checkout.locking.BasketCheckedOut`` when another request placed (or is placing)
    this basket; then nothing is written.
    """
    placement = _OrderPlacement(request=request)
    with database_busy_as_checked_out(), transaction.atomic():
        order = placement.place_order(
            order_number=get_class("order.utils", "OrderNumberGenerator")().order_number(basket),
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
    """Give the shopper back the basket of an order whose payment failed.

    The order's basket is reopened and whatever the shopper added meanwhile is merged into it,
    as Oscar does for a failed redirect payment.
    """
    if not order.basket_id:
        return current_basket
    try:
        basket = Basket._default_manager.get(pk=order.basket_id)
    except Basket.DoesNotExist:
        return current_basket
    if basket.status == Basket.OPEN:
        return basket
    basket.thaw()
    if current_basket is not None and current_basket.pk and current_basket.pk != basket.pk:
        basket.merge(current_basket)
    return basket
