"""Data crossing between the search service, its backends, views and the API."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NEWEST = "newest"


# Facets every product search returns, with counts.
FACET_CATEGORY = "category"  # values: category ids (as strings) of every ancestor level
FACET_PRICE = "price_range"  # values: the PRICE_RANGES labels below
FACET_AVAILABILITY = "in_stock"  # values: "true" / "false"
FACET_ATTRIBUTE_PREFIX = "attr_"  # values: attribute values, one facet per attribute code

# (label, lower bound inclusive, upper bound exclusive); None means open-ended.
PRICE_RANGES: tuple[tuple[str, Decimal | None, Decimal | None], ...] = (
    ("0-25", None, Decimal("25")),
    ("25-50", Decimal("25"), Decimal("50")),
    ("50-100", Decimal("50"), Decimal("100")),
    ("100-500", Decimal("100"), Decimal("500")),
    ("500+", Decimal("500"), None),
)


def price_range_label(price: float | Decimal | None) -> str | None:
    """The ``PRICE_RANGES`` label a price falls in; None without a price."""
    if price is None:
        return None
    value = price if isinstance(price, Decimal) else Decimal(str(price))
    for label, lower, upper in PRICE_RANGES:
        if (lower is None or value >= lower) and (upper is None or value < upper):
            return label
    return None


@dataclass(frozen=True)
class ProductQuery:
    text: str = ""
    language: str = "en"
    category_id: int | None = None  # the category and all its descendants
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool | None = None
    attributes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # code -> any of values
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class ProductHits:
    ids: list[int]  # product ids of this page, in order
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetCount]]  # facet name -> counts, most frequent first
    backend: str
    corrected_text: str | None = None  # the query as searched when words were corrected


@dataclass(frozen=True)
class PageHits:
    ids: list[int]  # Wagtail page ids, in order
    total: int
    backend: str
