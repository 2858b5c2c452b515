"""The contract every search backend keeps.

Documents are plain dicts built by ``search.documents`` (one shape for every backend):

product document::

    {"id": int, "title": str, "description": str,
     "category_ids": [int, ...],        # the product's categories and all their ancestors
     "category_path": [str, ...],       # one "Phones & Tablets > Smartphones > Android" each
     "attributes": {code: [str, ...]},  # the values of the product and its variants, as text
     "price": float | None, "currency": str | None, "in_stock": bool,
     "rating": float | None, "popularity": int, "date_created": int (unix seconds),
     "url": str}

page document::

    {"id": int, "title": str, "search_description": str, "body": str, "url": str,
     "first_published_at": int | None}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from search.interface import PageHits, ProductHits, ProductQuery


class SearchUnavailable(Exception):
    """The backend could not be reached or answered with an error; callers may fall back."""


class SearchBackend(Protocol):
    name: str

    def setup(self, *, languages: list[str], synonyms: dict[str, list[str]]) -> None:
        """Create the indexes if missing and apply settings (attributes, typos, synonyms)."""

    def products_upsert(self, *, language: str, documents: list[dict]) -> None: ...

    def products_delete(self, *, language: str, ids: list[int]) -> None: ...

    def products_search(self, *, query: ProductQuery) -> ProductHits: ...

    def products_suggest(self, *, language: str, text: str, limit: int = 8) -> list[str]: ...

    def pages_upsert(self, *, language: str, documents: list[dict]) -> None: ...

    def pages_delete(self, *, language: str, ids: list[int]) -> None: ...

    def pages_search(self, *, language: str, text: str, limit: int = 10) -> PageHits: ...

    def rebuild(
        self,
        *,
        language: str,
        product_batches: Iterable[list[dict]],
        pages: list[dict],
        synonyms: dict[str, list[str]],
    ) -> int:
        """Fill fresh indexes, swap them in (search answers throughout), return products indexed."""
