"""Reads for pages: the Oscar objects a page points at, fetched in as few queries as possible."""

from __future__ import annotations

from typing import TYPE_CHECKING

from oscar.core.loading import get_model

if TYPE_CHECKING:
    from cms.models import HomePage


def home_featured_products(*, page: HomePage) -> list:
    """The page's featured products in editor order, public ones only, ready for product cards."""
    product_model = get_model("catalogue", "Product")
    chosen_ids = list(page.featured_products.values_list("product_id", flat=True))
    products = (
        product_model.objects.browsable()
        .filter(pk__in=chosen_ids)
        .select_related("product_class", "parent")
        .prefetch_related("images", "stockrecords", "children__stockrecords")
    )
    by_id = {product.pk: product for product in products}
    return [by_id[pk] for pk in chosen_ids if pk in by_id]
