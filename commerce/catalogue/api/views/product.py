"""Replaces ``oscarapi.views.product``'s category and stock record lists (found by
django-oscar-api's loader through ``OSCARAPI_OVERRIDE_MODULES``): bounded lists, answered whole
as django-oscar-api does rather than in pages, and the product detail, read with a fixed number
of queries. The product list stays paged: it grows with the catalogue."""

from __future__ import annotations

from django.http import Http404
from oscarapi.views import product as oscarapi_product

from commerce.catalogue.api.product_detail import product_detail_get
from commerce.catalogue.api.serializers import ProductSerializer


class CategoryList(oscarapi_product.CategoryList):
    """``/api/categories/`` and ``/api/categories/<breadcrumbs>/``: one level of the category
    tree (the top-level categories, or a category's children)."""

    pagination_class = None


class ProductStockRecords(oscarapi_product.ProductStockRecords):
    """``/api/products/<id>/stockrecords/``: one product's stock records, one per partner."""

    pagination_class = None


class ProductDetail(oscarapi_product.ProductDetail):
    # /api/products/<id>/: django-oscar-api's body, its product and variants read with a fixed
    # number of queries (product_detail_get) rather than several per variant. No docstring: the
    # schema keeps django-oscar-api's description of the operation.
    serializer_class = ProductSerializer

    def get_object(self):
        product = product_detail_get(pk=self.kwargs["pk"])
        if product is None:
            raise Http404
        self.check_object_permissions(self.request, product)
        return product
