"""``checkout_complete``: the order placed and its payment opened, or a coded error and nothing
left half done."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from oscar.apps.shipping.methods import Free
from oscar.core.loading import get_class, get_model

from commerce.checkout import services
from commerce.checkout.errors import CheckoutError, CheckoutErrorCode
from commerce.checkout.idempotency import IdempotencyClaim
from commerce.checkout.services import checkout_complete, checkout_replay
from commerce.order import statuses
from commerce.payment.interface import PaymentProviderError
from testkit.factories.partner import stocked_stockrecord

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
StockRecord = get_model("partner", "StockRecord")

pytestmark = pytest.mark.django_db


def checkout_of(*, record, quantity: int = 1, **extra) -> dict:
    """What the storefront and the API hand the service: a priced basket and its totals."""
    basket = Basket.objects.create()
    basket.strategy = get_class("partner.strategy", "Selector")().strategy()
    basket.add_product(record.product, quantity)
    method = Free()
    charge = method.calculate(basket)
    request = RequestFactory().post("/api/checkout/")
    request.user = AnonymousUser()
    return {
        "request": request,
        "basket": basket,
        "shipping_address": None,
        "shipping_method": method,
        "shipping_charge": charge,
        "order_total": get_class("checkout.calculators", "OrderTotalCalculator")().calculate(
            basket, charge
        ),
        "guest_email": "service-buyer@example.org",
        "provider_code": "sandbox",
        **extra,
    }


def allocated(record) -> int:
    return StockRecord.objects.get(pk=record.pk).num_allocated or 0


def test_the_order_is_placed_with_its_stock_then_its_payment_opened():
    record = stocked_stockrecord(minimum=2)
    allocated_before = allocated(record)
    checkout = checkout_of(record=record, quantity=2)

    result = checkout_complete(**checkout)

    assert result.replayed is False
    assert result.order.status == statuses.PENDING_PAYMENT
    assert result.order.guest_email == "service-buyer@example.org"
    assert allocated(record) == allocated_before + 2
    assert result.payment.order_id == result.order.pk
    assert result.payment.source_type.code == "sandbox"
    assert result.payment.redirect_url
    assert Basket.objects.get(pk=checkout["basket"].pk).status == Basket.SUBMITTED


def test_a_payment_that_cannot_be_opened_fails_the_order_and_releases_its_stock(monkeypatch):
    record = stocked_stockrecord(minimum=1)
    allocated_before = allocated(record)

    def provider_down(**kwargs):
        raise PaymentProviderError("the provider timed out")

    monkeypatch.setattr(services, "payment_start", provider_down)

    with pytest.raises(CheckoutError) as refused:
        checkout_complete(**checkout_of(record=record))

    assert refused.value.code == CheckoutErrorCode.PAYMENT_UNAVAILABLE
    order = Order.objects.get(pk=refused.value.order.pk)
    assert order.status == statuses.PAYMENT_FAILED
    assert not order.sources.exists()
    assert allocated(record) == allocated_before


def test_stock_that_ran_out_is_refused_and_nothing_is_written():
    record = stocked_stockrecord(minimum=1)
    orders_before = Order.objects.count()
    checkout = checkout_of(record=record, quantity=record.net_stock_level + 1)

    with pytest.raises(CheckoutError) as refused:
        checkout_complete(**checkout)

    assert refused.value.code == CheckoutErrorCode.OUT_OF_STOCK
    assert refused.value.message
    assert Order.objects.count() == orders_before
    assert Basket.objects.get(pk=checkout["basket"].pk).status == Basket.OPEN


def test_a_basket_is_checked_out_once():
    checkout = checkout_of(record=stocked_stockrecord(minimum=2))
    checkout_complete(**checkout)

    with pytest.raises(CheckoutError) as refused:
        checkout_complete(**checkout)

    assert refused.value.code == CheckoutErrorCode.BASKET_CHECKED_OUT
    assert Order.objects.filter(basket_id=checkout["basket"].pk).count() == 1


def test_a_repeated_request_gets_the_first_order_and_payment():
    checkout = checkout_of(record=stocked_stockrecord(minimum=1))
    claim = IdempotencyClaim(key="retry-1", owner="basket:1", fingerprint="body-a")
    assert checkout_replay(request=checkout["request"], idempotency=claim) is None

    first = checkout_complete(**checkout, idempotency=claim)
    again = checkout_complete(**checkout, idempotency=claim)
    replayed = checkout_replay(request=checkout["request"], idempotency=claim)

    assert (again.replayed, replayed.replayed) == (True, True)
    assert again.order.pk == replayed.order.pk == first.order.pk
    assert again.payment.pk == replayed.payment.pk == first.payment.pk
    assert first.order.sources.count() == 1


def test_a_key_sent_again_with_another_body_is_refused():
    checkout = checkout_of(record=stocked_stockrecord(minimum=1))
    checkout_complete(
        **checkout, idempotency=IdempotencyClaim(key="k", owner="basket:1", fingerprint="a")
    )
    other_body = IdempotencyClaim(key="k", owner="basket:1", fingerprint="b")

    for attempt in (
        lambda: checkout_complete(**checkout, idempotency=other_body),
        lambda: checkout_replay(request=checkout["request"], idempotency=other_body),
    ):
        with pytest.raises(CheckoutError) as refused:
            attempt()
        assert refused.value.code == CheckoutErrorCode.IDEMPOTENCY_KEY_REUSED
