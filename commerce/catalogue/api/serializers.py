"""Bodies of the catalogue API: the category tree, product list parameters and items, and the
one shape of a product card (``product_summaries``) that every endpoint listing products uses:
the catalogue's, search's and the pages' blocks in the Wagtail API."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from oscarapi.serializers import product as oscarapi_product
from oscarapi.serializers.fields import CategoryField
from rest_framework import serializers

from commerce.catalogue import selectors


def product_api_url(*, product_id: int, request=None) -> str:
    """The product in django-oscar-api (its product detail), absolute when a request is at hand."""
    path = reverse("product-detail", kwargs={"pk": product_id})
    return request.build_absolute_uri(path) if request else path


def card_summary(*, card: selectors.ProductCard, request=None) -> dict:
    """Id, title, live price, availability and URLs of a product card.

    ``url`` is the storefront page, ``api_url`` django-oscar-api's product detail; both absolute
    when a request is at hand.
    """
    return {
        "id": card.product.pk,
        "title": card.product.get_title(),
        "price": None if card.price is None else str(card.price),
        "currency": card.currency,
        "is_available": card.is_available,
        "availability": card.availability,
        "url": request.build_absolute_uri(card.url) if request else card.url,
        "api_url": product_api_url(product_id=card.product.pk, request=request),
    }


def products_priceable(products: Iterable) -> list:
    """The products, with what Oscar's strategy reads to price them loaded for the whole list.

    The product class (stock tracking), the public variants of parents, and the stock records
    of every product and variant that can be bought: one query per relation for the list, none
    for what the caller's queryset already fetched. Oscar's strategy reads a parent's public
    variants from ``_prefetched_public_children`` and would otherwise query them, and their stock
    records, once per parent.
    """
    products = list(products)
    prefetch_related_objects(products, "product_class")
    parents = [product for product in products if product.is_parent]
    unfetched = []
    for parent in parents:
        if hasattr(parent, "_prefetched_public_children"):
            continue
        if "children" in getattr(parent, "_prefetched_objects_cache", {}):
            parent._prefetched_public_children = [
                child for child in parent.children.all() if child.is_public
            ]
        else:
            unfetched.append(parent)
    if unfetched:
        prefetch_related_objects(
            unfetched,
            Prefetch(
                "children",
                queryset=get_model("catalogue", "Product").objects.public(),
                to_attr="_prefetched_public_children",
            ),
        )
    # A parent has no stock records of its own: the strategy prices it from its variants'.
    buyable = [product for product in products if not product.is_parent]
    buyable += [child for parent in parents for child in parent._prefetched_public_children]
    prefetch_related_objects(buyable, "stockrecords")
    return products


def product_summaries(*, products: Iterable, request=None) -> list[dict]:
    """``card_summary`` of each product, priced for the shopper making ``request``."""
    return [
        card_summary(card=card, request=request)
        for card in selectors.product_cards(products=products_priceable(products), request=request)
    ]


class ProductSummarySerializer(serializers.Serializer):
    """The shape of ``card_summary``, for the API schema of every endpoint that returns it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    currency = serializers.CharField(allow_null=True)
    is_available = serializers.BooleanField()
    availability = serializers.CharField(help_text="Oscar's availability message.")
    url = serializers.URLField(help_text="The product's storefront page.")
    api_url = serializers.URLField(help_text="The product in this API.")


class CategoryTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The category's storefront page.")
    product_count = serializers.IntegerField(
        read_only=True,
        help_text="Browsable products in this category and in its descendants.",
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = CategoryTreeSerializer(many=True, read_only=True)
        return fields

    def get_url(self, node) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(node.url) if request else node.url


class ProductListParamsSerializer(serializers.Serializer):
    category = serializers.IntegerField(
        required=False, min_value=1, help_text="A category id; includes its descendants."
    )
    min_price = serializers.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2
    )
    max_price = serializers.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2
    )
    in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(
        choices=[s.value for s in selectors.ProductSort],
        default=selectors.ProductSort.NEWEST.value,
    )

    def validate_category(self, value):
        if not selectors.category_browsable_exists(category_id=value):
            raise serializers.ValidationError(_("No category with this id."))
        return value

    def validate(self, attrs):
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"max_price": [_("Must be greater than or equal to min_price.")]}
            )
        return attrs


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CurrencyAverageSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="ISO 4217 code.")
    average_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    product_count = serializers.IntegerField(
        help_text="Distinct products with a price in this currency."
    )


class CategoryAveragePriceSerializer(serializers.Serializer):
    category = CategoryRefSerializer()
    averages = CurrencyAverageSerializer(many=True)


# --- django-oscar-api's product detail -------------------------------------------------------


def _recommended_products():
    """django-oscar-api's field, reading the recommendations ``product_detail_get`` loaded."""
    product_model = get_model("catalogue", "Product")
    return serializers.HyperlinkedRelatedField(
        view_name="product-detail",
        many=True,
        required=False,
        queryset=product_model.objects.filter(
            structure__in=[product_model.PARENT, product_model.STANDALONE]
        ),
        source="api_recommended",
    )


# django-oscar-api's own fields (so its bodies and schema stay), each reading what
# ``product_detail_get`` loaded (``source``) instead of querying per product. No docstrings: the
# schema describes these with django-oscar-api's.


class ChildProductSerializer(oscarapi_product.ChildProductSerializer):
    # A variant in /api/products/<id>/.
    recommended_products = _recommended_products()
    categories = CategoryField(many=True, required=False, source="api_categories")
    options = oscarapi_product.OptionSerializer(many=True, required=False, source="api_options")


class ProductSerializer(oscarapi_product.ProductSerializer):
    # /api/products/<id>/: the product, its variants and what both point at.
    recommended_products = _recommended_products()
    categories = CategoryField(many=True, required=False, source="api_categories")
    options = oscarapi_product.OptionSerializer(many=True, required=False, source="api_options")
    images = oscarapi_product.ProductImageSerializer(many=True, required=False, source="api_images")
    children = ChildProductSerializer(many=True, required=False, source="api_children")
