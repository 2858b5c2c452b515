"""GET /api/categories/tree/ and /api/catalogue/products/: thin entry points over the selectors."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from oscar.core.loading import get_class
from rest_framework import generics

from cms.serializers import product_summary
from commerce.catalogue import selectors
from commerce.catalogue.api.serializers import (
    CatalogueProductSerializer,
    CategoryTreeSerializer,
    ProductListParamsSerializer,
)
from nexus_site.api_schema import ErrorSerializer

Selector = get_class("partner.strategy", "Selector")


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
    serializer_class = CatalogueProductSerializer

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
            200: CatalogueProductSerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="A query parameter is not valid."),
        },
    )
    def get(self, request, *args, **kwargs):
        products = self.paginate_queryset(self.get_queryset())
        strategy = Selector().strategy(request=request, user=request.user)
        results = []
        for product in products:
            summary = product_summary(product=product, strategy=strategy, request=request)
            summary["api_url"] = request.build_absolute_uri(
                reverse("product-detail", kwargs={"pk": product.pk})
            )
            results.append(summary)
        return self.get_paginated_response(self.get_serializer(results, many=True).data)
