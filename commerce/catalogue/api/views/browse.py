"""GET /api/categories/tree/, /api/categories/<id>/average-price/ and /api/catalogue/products/:
thin entry points over the selectors."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from commerce.api.errors import api_error
from commerce.api.schema import error_response
from commerce.catalogue import selectors
from commerce.catalogue.api.serializers import (
    CategoryAveragePriceSerializer,
    CategoryTreeSerializer,
    ProductListParamsSerializer,
    ProductSummarySerializer,
    product_summaries,
)


class CategoryTreeView(generics.ListAPIView):
    """The category tree: top-level categories (paginated), each with its subcategories nested."""

    permission_classes = ()
    serializer_class = CategoryTreeSerializer

    def get_queryset(self):
        return selectors.category_roots_browsable()

    @extend_schema(summary="The category tree, with product counts")
    def get(self, request, *args, **kwargs):
        roots = self.paginate_queryset(self.get_queryset())
        trees = selectors.category_trees(roots=roots)
        return self.get_paginated_response(self.get_serializer(trees, many=True).data)


class ProductListView(generics.ListAPIView):
    permission_classes = ()
    serializer_class = ProductSummarySerializer

    def get_queryset(self):
        params = ProductListParamsSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        return selectors.products_browse(
            category_id=data.get("category"),
            min_price=data.get("min_price"),
            max_price=data.get("max_price"),
            in_stock=data["in_stock"],
            sort=data["sort"],
        )

    @extend_schema(
        summary="Browse products: filter by category, price and stock, and sort",
        parameters=[ProductListParamsSerializer],
        responses={
            200: ProductSummarySerializer(many=True),
            400: error_response("A query parameter is not valid."),
        },
    )
    def get(self, request, *args, **kwargs):
        # A summary shows neither options nor images: of the list's prefetches only what prices
        # it is kept, which product_summaries loads once for the page.
        products = self.paginate_queryset(self.get_queryset().prefetch_related(None))
        results = product_summaries(products=products, request=request)
        return self.get_paginated_response(self.get_serializer(results, many=True).data)


class CategoryAveragePriceView(APIView):
    """The average price in a category and its descendants, per currency.

    Averages the stock record prices of what can be bought there: public stand-alone products in
    the category or below it, and the public variants of public parents there (a parent has no
    price of its own). Each stock record counts once, so a product sold by two partners counts
    twice in the average; ``product_count`` counts distinct products. A currency with no price
    is left out, so a category without prices answers an empty list. Unknown or non-public
    category: 404.
    """

    permission_classes = ()

    @extend_schema(
        summary="Average price per currency in a category and its descendants",
        responses={
            200: CategoryAveragePriceSerializer,
            404: error_response("No public category with this id."),
        },
    )
    def get(self, request, pk: int):
        prices = selectors.category_average_prices(category_id=pk)
        if prices is None:
            return api_error(
                code="not_found", message=_("No category with this id."), http_status=404
            )
        body = {
            "category": {"id": prices.category_id, "name": prices.category_name},
            "averages": [
                {
                    "currency": average.currency,
                    "average_price": average.average_price,
                    "product_count": average.product_count,
                }
                for average in prices.averages
            ],
        }
        return Response(CategoryAveragePriceSerializer(body).data)
