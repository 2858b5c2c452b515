"""Replaces ``oscarapi.views.product``'s category and stock record lists (found by
django-oscar-api's loader through ``OSCARAPI_OVERRIDE_MODULES``): bounded lists, answered whole
as django-oscar-api does rather than in pages. The product list stays paged: it grows with the
catalogue."""

from __future__ import annotations

from oscarapi.views import product as oscarapi_product


class CategoryList(oscarapi_product.CategoryList):
    """``/api/categories/`` and ``/api/categories/<breadcrumbs>/``: one level of the category
    tree (the top-level categories, or a category's children)."""

    pagination_class = None


class ProductStockRecords(oscarapi_product.ProductStockRecords):
    """``/api/products/<id>/stockrecords/``: one product's stock records, one per partner."""

    pagination_class = None
