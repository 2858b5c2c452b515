"""Orders for tests, placed the way checkout places them (OrderCreator, stock allocated)."""

from __future__ import annotations

from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model

from commerce.order.utils import OrderCreator
from testkit.factories.partner import stocked_stockrecord

Basket = get_model("basket", "Basket")


def order_place(*, email: str = "buyer@example.org", quantity: int = 1, record=None, user=None):
    """A guest order in Pending payment for ``quantity`` units of a stocked demo product."""
    record = record or stocked_stockrecord(minimum=quantity)
    basket = Basket.objects.create(owner=user)
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(record.product, quantity)
    method = Free()
    charge = method.calculate(basket)
    total = get_class("checkout.calculators", "OrderTotalCalculator")().calculate(basket, charge)
    return OrderCreator().place_order(
        basket=basket,
        total=total,
        shipping_method=method,
        shipping_charge=charge,
        user=user,
        guest_email="" if user else email,
    )


def sandbox_payment_open(*, order):
    """Open the order's payment with the sandbox provider, as checkout opens it."""
    from commerce.payment.services import payment_start

    return payment_start(
        order_id=order.pk,
        provider_code="sandbox",
        return_url=f"http://testserver/checkout/payment/{order.number}/return/",
        cancel_url=f"http://testserver/checkout/payment/{order.number}/return/?cancelled=1",
        webhook_url="http://testserver/api/payments/webhooks/sandbox/",
    )
