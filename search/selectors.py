"""Reads for catalogue browsing, straight from the database."""

from __future__ import annotations

from django.db.models import QuerySet
from oscar.core.loading import get_model


def products_browsable(*, category=None) -> QuerySet:
    """Public parent and standalone products, newest first, optionally within a category and
    its descendants, with what a product card needs fetched up front.
    """
    products = get_model("catalogue", "Product").objects.browsable().base_queryset()
    if category is not None:
        products = products.filter(categories__in=category.get_descendants_and_self()).distinct()
    return products.order_by("-date_created", "-pk")
