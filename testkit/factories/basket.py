"""Baskets for tests, filled through the storefront as a shopper fills them."""

from __future__ import annotations

from django.urls import reverse


def basket_add(client, *, product, quantity: int) -> None:
    """Add ``quantity`` units of ``product`` to the client's basket through Oscar's add view."""
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity})
    assert response.status_code == 302, response.content
