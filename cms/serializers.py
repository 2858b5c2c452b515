"""API representations of the Oscar objects that pages point at, priced live by Oscar's strategy."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from cms import selectors


def product_summary(*, product, strategy, request=None) -> dict:
    """Id, title, live price, availability and URLs of a product, as Oscar's strategy gives them.

    ``url`` is the storefront page, ``api_url`` django-oscar-api's product detail; both absolute
    when a request is at hand.
    """
    card = selectors.product_card(product=product, strategy=strategy)
    return card_summary(card=card, request=request)


def card_summary(*, card: selectors.ProductCard, request=None) -> dict:
    api_url = reverse("product-detail", kwargs={"pk": card.product.pk})
    return {
        "id": card.product.pk,
        "title": card.product.get_title(),
        "price": None if card.price is None else str(card.price),
        "currency": card.currency,
        "is_available": card.is_available,
        "availability": card.availability,
        "url": request.build_absolute_uri(card.url) if request else card.url,
        "api_url": request.build_absolute_uri(api_url) if request else api_url,
    }


class ProductSummarySerializer(serializers.Serializer):
    """The shape of ``product_summary``, for the API schema of every endpoint that returns it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField(allow_null=True)
    is_available = serializers.BooleanField()
    availability = serializers.CharField(help_text="Oscar's availability message.")
    url = serializers.URLField(help_text="The product's storefront page.")
    api_url = serializers.URLField(help_text="The product in this API.")


def cards_summary(*, products, request=None) -> list[dict]:
    return [
        card_summary(card=card, request=request)
        for card in selectors.product_cards(products=products, request=request)
    ]


class FeaturedProductsField(serializers.Field):
    """The home page's featured products, each priced for the requesting user."""

    def to_representation(self, page):
        request = self.context.get("request")
        return cards_summary(products=selectors.home_featured_products(page=page), request=request)


class StoryProductField(serializers.Field):
    """A product page's product, priced for the requesting user (None once it is not sold)."""

    def to_representation(self, product):
        request = self.context.get("request")
        summaries = cards_summary(
            products=selectors.products_in_order(product_ids=[product.pk]), request=request
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
