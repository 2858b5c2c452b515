"""Reads for storefront search and browsing: facets and queries (the products of a result page
are the catalogue's ``products_in_order``)."""

from __future__ import annotations

from decimal import Decimal

from oscar.core.loading import get_model

from search.interface import (
    FACET_ATTRIBUTE_PREFIX,
    FACET_AVAILABILITY,
    FACET_CATEGORY,
    FACET_PRICE,
    PRICE_RANGES,
    ProductQuery,
    Sort,
)

FACET_SEPARATOR = ":"


def categories_by_id(*, ids: list[int]) -> dict[int, object]:
    return get_model("catalogue", "Category").objects.in_bulk(ids)


def selected_facets_parse(*, values: list[str]) -> dict[str, list[str]]:
    """``["category:12", "attr_colour:Blue"]`` → ``{"category": ["12"], "attr_colour": ["Blue"]}``;
    malformed or unknown entries are ignored, as Oscar does with its facet parameters."""
    selected: dict[str, list[str]] = {}
    for value in values:
        name, separator, facet_value = value.partition(FACET_SEPARATOR)
        known = name in (FACET_CATEGORY, FACET_PRICE, FACET_AVAILABILITY) or name.startswith(
            FACET_ATTRIBUTE_PREFIX
        )
        if separator and facet_value and known:
            selected.setdefault(name, []).append(facet_value)
    return selected


def product_query_build(
    *,
    text: str,
    language: str,
    selected: dict[str, list[str]],
    category_id: int | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    in_stock: bool | None = None,
    sort: str = "",
    page: int = 1,
    per_page: int = 20,
) -> ProductQuery:
    """One ProductQuery from explicit filters and selected facets (the narrower wins)."""
    if FACET_CATEGORY in selected:
        try:
            category_id = int(selected[FACET_CATEGORY][-1])
        except ValueError:
            pass
    if FACET_PRICE in selected:
        ranges = {label: (low, high) for label, low, high in PRICE_RANGES}
        low, high = ranges.get(selected[FACET_PRICE][-1], (None, None))
        min_price = max(filter(None, (min_price, low)), default=None)
        # PRICE_RANGES upper bounds are exclusive; the query's max_price is inclusive.
        if high is not None:
            high = high - Decimal("0.01")
        max_price = min(filter(None, (max_price, high)), default=None)
    if FACET_AVAILABILITY in selected:
        in_stock = selected[FACET_AVAILABILITY][-1] == "true"
    attributes = {
        name.removeprefix(FACET_ATTRIBUTE_PREFIX): tuple(values)
        for name, values in selected.items()
        if name.startswith(FACET_ATTRIBUTE_PREFIX)
    }
    try:
        sort_value = Sort(sort) if sort else Sort.RELEVANCE
    except ValueError:
        sort_value = Sort.RELEVANCE
    return ProductQuery(
        text=text.strip(),
        language=language,
        category_id=category_id,
        min_price=min_price,
        max_price=max_price,
        in_stock=in_stock,
        attributes=attributes,
        sort=sort_value,
        page=max(page, 1),
        per_page=per_page,
    )
