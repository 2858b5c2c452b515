"""Checkout for tests: the storefront walked from the basket to the payment, as a shopper
walks it, and the totals it should come to."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from oscar.core.loading import get_model

from testkit.transactions import committed

SHIPPING_ADDRESS = {
    "first_name": "Amina",
    "last_name": "Diallo",
    "line1": "12 rue des Lilas",
    "line4": "Lyon",
    "postcode": "69001",
    "country": "FR",
    "phone_number": "+33612345678",
}


def guest_reaches_payment(client, *, email: str) -> None:
    """Walk a guest through Oscar's checkout up to the payment step."""
    client.post("/en/checkout/", {"username": email, "options": "anonymous"})
    client.post("/en/checkout/shipping-address/", SHIPPING_ADDRESS)
    client.post("/en/checkout/shipping-method/", {"method_code": "standard"})


def storefront_checkout(
    client,
    *,
    guest_email: str | None,
    method_code: str = "standard",
    decision: str = "approve",
):
    """Walk Oscar's checkout from the basket through the sandbox's payment page.

    Returns the response the shopper finally lands on: the thank-you page when the payment is
    approved, the basket page when it is declined or abandoned.
    """

    def step(method, url, data=None, **kwargs):
        # Each request commits on its own, so the tasks it queues run before the next one.
        with committed():
            return getattr(client, method)(url, data, **kwargs)

    if guest_email is not None:
        response = step(
            "post", reverse("checkout:index"), {"username": guest_email, "options": "anonymous"}
        )
        assert response.status_code == 302, response.content
    response = step("post", reverse("checkout:shipping-address"), SHIPPING_ADDRESS)
    assert response.status_code == 302, response.content
    response = step("post", reverse("checkout:shipping-method"), {"method_code": method_code})
    assert response.status_code == 302, response.content
    response = step("get", reverse("checkout:payment-details"))
    assert response.status_code == 200
    response = step("post", reverse("checkout:preview"), {"method": "sandbox"})
    assert response.status_code == 200, response.content
    response = step("post", reverse("checkout:preview"), {"action": "place_order"})
    assert response.status_code == 302, response.content
    sandbox_page = response["Location"]
    assert "/payments/sandbox/" in sandbox_page, sandbox_page
    response = step("post", sandbox_page, {"decision": decision})
    assert response.status_code == 302, response.content
    return step("get", response["Location"], follow=True)


def expected_total(*, price: Decimal, quantity: int, method_code: str) -> Decimal:
    charges = get_model("shipping", "OrderAndItemCharges").objects.get(code=method_code)
    subtotal = price * quantity
    threshold = charges.free_shipping_threshold
    shipping = Decimal("0.00") if threshold and subtotal >= threshold else charges.price_per_order
    return subtotal + shipping
