"""API fields of pages: the Oscar objects a page points at, priced live by Oscar's strategy.

Products take the catalogue's one summary shape (``commerce.catalogue.api.serializers``).
"""

from __future__ import annotations

from rest_framework import serializers

from commerce.catalogue.api.serializers import product_summaries
from commerce.catalogue.selectors import products_in_order


class FeaturedProductsField(serializers.Field):
    """The home page's featured products, each priced for the requesting user."""

    def to_representation(self, page):
        request = self.context.get("request")
        return product_summaries(products=page.featured_products_shown(), request=request)


class StoryProductField(serializers.Field):
    """A product page's product, priced for the requesting user (None once it is not sold)."""

    def to_representation(self, product):
        request = self.context.get("request")
        summaries = product_summaries(
            products=products_in_order(product_ids=[product.pk]), request=request
        )
        return summaries[0] if summaries else None


class CategorySummaryField(serializers.Field):
    """A landing page's category: id, name (in the request's language) and storefront URL."""

    def to_representation(self, category):
        request = self.context.get("request")
        url = category.get_absolute_url()
        return {
            "id": category.pk,
            "name": category.name,
            "url": request.build_absolute_uri(url) if request else url,
        }
