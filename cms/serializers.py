"""API representations of the Oscar objects that pages point at, priced live by Oscar's strategy."""

from __future__ import annotations

from oscar.core.loading import get_class
from rest_framework import serializers

Selector = get_class("partner.strategy", "Selector")


def product_summary(*, product, strategy, request=None) -> dict:
    """Id, title, live price and availability of a product, as Oscar's strategy gives them."""
    info = (
        strategy.fetch_for_parent(product)
        if product.is_parent
        else strategy.fetch_for_product(product)
    )
    price = info.price
    amount = (
        price.incl_tax if price.exists and price.is_tax_known else getattr(price, "excl_tax", None)
    )
    url = product.get_absolute_url()
    return {
        "id": product.pk,
        "title": product.get_title(),
        "price": None if amount is None else str(amount),
        "currency": price.currency if price.exists else None,
        "is_available": info.availability.is_available_to_buy,
        "url": request.build_absolute_uri(url) if request else url,
    }


class FeaturedProductsField(serializers.Field):
    """The home page's featured products, each priced for the requesting user."""

    def to_representation(self, page):
        from cms import selectors

        request = self.context.get("request")
        strategy = Selector().strategy(request=request, user=getattr(request, "user", None))
        return [
            product_summary(product=product, strategy=strategy, request=request)
            for product in selectors.home_featured_products(page=page)
        ]
