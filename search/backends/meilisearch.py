"""Search backend on Meilisearch, through the official ``meilisearch`` client.

Indexes per language: ``{prefix}products_{language}`` and ``{prefix}pages_{language}``.
Product documents are stored as ``search.backends.base`` describes them, plus fields derived
for filtering and faceting: ``price_range`` (a ``PRICE_RANGES`` label, None without a price)
and one ``attr_<code>`` field per attribute. Meilisearch only filters and facets on declared
attributes, so every ``attr_*`` field a write brings is added to the filterable attributes
before the documents are written.

Writes wait for their Meilisearch task; any failure (unreachable server, API error, a failed
or timed out task) is raised as ``SearchUnavailable`` with the cause chained, so callers can
fall back (views) or retry (Celery tasks).
"""

from __future__ import annotations

import functools
import time
import warnings
from collections.abc import Iterable
from decimal import Decimal

import meilisearch
import pydantic
import requests
from meilisearch.errors import MeilisearchApiError, MeilisearchError

from search.backends.base import SearchUnavailable
from search.interface import (
    FACET_ATTRIBUTE_PREFIX,
    FACET_AVAILABILITY,
    FACET_CATEGORY,
    FACET_PRICE,
    FacetCount,
    PageHits,
    ProductHits,
    ProductQuery,
    Sort,
    price_range_label,
)

TASK_TIMEOUT_MS = 10_000  # a single write (documents, settings, index creation)
REBUILD_TASK_TIMEOUT_MS = 120_000  # settings applied to a full fresh index re-index it
ATTRIBUTE_FIELDS_TTL_SECONDS = 60  # another process may have declared new attr_* fields

PRODUCT_SEARCHABLE = ["title", "category_path", "description", "attributes"]
PRODUCT_FILTERABLE = ["category_ids", "price", "price_range", "in_stock", "currency"]
PRODUCT_SORTABLE = ["price", "date_created", "popularity", "rating"]
PAGE_SEARCHABLE = ["title", "search_description", "body"]
PAGE_SORTABLE = ["first_published_at"]
# Meilisearch's own defaults, which the database index follows too (search/text.py): both
# backends correct the same words.
TYPO_TOLERANCE = {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}}
MAX_TOTAL_HITS = 10_000  # exhaustive totals and reachable pages (Meilisearch's default: 1000)

SORTS = {
    Sort.RELEVANCE: None,
    Sort.PRICE_ASC: "price:asc",
    Sort.PRICE_DESC: "price:desc",
    Sort.NEWEST: "date_created:desc",
}
FACET_NAMES = {
    "category_ids": FACET_CATEGORY,
    "price_range": FACET_PRICE,
    "in_stock": FACET_AVAILABILITY,
}


def mutual_synonyms(synonyms: dict[str, list[str]]) -> dict[str, list[str]]:
    """Multi-way synonyms: every word of a group maps to all the others (lower-cased)."""
    result: dict[str, list[str]] = {}
    for word, others in (synonyms or {}).items():
        group = [w.strip().lower() for w in [word, *others] if w and w.strip()]
        for member in group:
            known = result.setdefault(member, [])
            known.extend(w for w in group if w != member and w not in known)
    return {word: others for word, others in result.items() if others}


def product_document(document: dict) -> dict:
    """The stored product document: the shared shape plus the derived filter fields."""
    stored = dict(document)
    stored["price_range"] = price_range_label(document.get("price"))
    for code, value in (document.get("attributes") or {}).items():
        stored[f"{FACET_ATTRIBUTE_PREFIX}{code}"] = value
    return stored


def _quote(value: object) -> str:
    """A filter string literal (Meilisearch >= 1.4 unescapes backslashes and quotes)."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def _number(value: Decimal | float | int) -> str:
    return format(Decimal(str(value)), "f")


def _attribute_fields(documents: Iterable[dict]) -> set[str]:
    return {key for doc in documents for key in doc if key.startswith(FACET_ATTRIBUTE_PREFIX)}


def _unavailable_on_error(method):
    """Raise every client or transport failure as ``SearchUnavailable``, cause chained."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (MeilisearchError, requests.RequestException, pydantic.ValidationError) as error:
            raise SearchUnavailable(f"Meilisearch {method.__name__} failed: {error}") from error

    return wrapper


class MeilisearchBackend:
    name = "meilisearch"

    def __init__(
        self, *, url: str, api_key: str | None = None, timeout: float = 5, index_prefix: str = ""
    ) -> None:
        self.client = meilisearch.Client(url, api_key or None, timeout=timeout)
        self.index_prefix = index_prefix
        # index uid -> (fetched at, attr_* fields declared filterable)
        self._attribute_fields: dict[str, tuple[float, frozenset[str]]] = {}

    # -- names -------------------------------------------------------------------------------

    def products_index(self, language: str) -> str:
        return f"{self.index_prefix}products_{language}"

    def pages_index(self, language: str) -> str:
        return f"{self.index_prefix}pages_{language}"

    # -- SearchBackend ----------------------------------------------------------------------

    @_unavailable_on_error
    def setup(self, *, languages: list[str], synonyms: dict[str, list[str]]) -> None:
        for language in languages:
            products = self.products_index(language)
            self._ensure_index(products)
            fields = self._declared_attribute_fields(products, refresh=True)
            self._apply_settings(products, self._product_settings(synonyms, fields))
            pages = self.pages_index(language)
            self._ensure_index(pages)
            self._apply_settings(pages, self._page_settings(synonyms))

    @_unavailable_on_error
    def products_upsert(self, *, language: str, documents: list[dict]) -> None:
        if not documents:
            return
        uid = self.products_index(language)
        stored = [product_document(doc) for doc in documents]
        self._declare_attribute_fields(uid, _attribute_fields(stored))
        self._wait(self.client.index(uid).add_documents(stored, primary_key="id"))

    @_unavailable_on_error
    def products_delete(self, *, language: str, ids: list[int]) -> None:
        self._delete_documents(self.products_index(language), ids)

    @_unavailable_on_error
    def products_search(self, *, query: ProductQuery) -> ProductHits:
        uid = self.products_index(query.language)
        page, per_page = max(1, query.page), max(1, query.per_page)
        wanted = {f"{FACET_ATTRIBUTE_PREFIX}{code}" for code, vs in query.attributes.items() if vs}
        known = self._declared_attribute_fields(uid)
        if not wanted <= known:
            known = self._declared_attribute_fields(uid, refresh=True)
            if not wanted <= known:  # no product has such an attribute: nothing can match
                return ProductHits(
                    ids=[], total=0, page=page, per_page=per_page, facets={}, backend=self.name
                )
        params: dict = {
            "filter": self._product_filters(query),
            "facets": [*FACET_NAMES, *sorted(known)],
            "page": page,
            "hitsPerPage": per_page,
            "attributesToRetrieve": ["id"],
        }
        if sort := SORTS[Sort(query.sort)]:
            params["sort"] = [sort]
        answer = self.client.index(uid).search(query.text or "", params)
        distribution = answer.get("facetDistribution") or {}
        facets = {
            name: _facet_counts(distribution.get(field)) for field, name in FACET_NAMES.items()
        }
        for field in sorted(known):
            if counts := _facet_counts(distribution.get(field)):
                facets[field] = counts
        return ProductHits(
            ids=[int(hit["id"]) for hit in answer.get("hits", [])],
            total=int(answer.get("totalHits", 0)),
            page=page,
            per_page=per_page,
            facets=facets,
            backend=self.name,
        )

    @_unavailable_on_error
    def products_suggest(self, *, language: str, text: str, limit: int = 8) -> list[str]:
        if not text.strip() or limit <= 0:
            return []
        answer = self.client.index(self.products_index(language)).search(
            text,
            {
                "attributesToRetrieve": ["title"],
                "attributesToSearchOn": ["title"],
                "limit": limit * 3,
            },
        )
        titles: list[str] = []
        seen: set[str] = set()
        for hit in answer.get("hits", []):
            title = hit.get("title")
            if title and title.casefold() not in seen:
                seen.add(title.casefold())
                titles.append(title)
        return titles[:limit]

    @_unavailable_on_error
    def pages_upsert(self, *, language: str, documents: list[dict]) -> None:
        if documents:
            index = self.client.index(self.pages_index(language))
            self._wait(index.add_documents(list(documents), primary_key="id"))

    @_unavailable_on_error
    def pages_delete(self, *, language: str, ids: list[int]) -> None:
        self._delete_documents(self.pages_index(language), ids)

    @_unavailable_on_error
    def pages_search(self, *, language: str, text: str, limit: int = 10) -> PageHits:
        if not text.strip() or limit <= 0:
            return PageHits(ids=[], total=0, backend=self.name)
        answer = self.client.index(self.pages_index(language)).search(
            text, {"page": 1, "hitsPerPage": limit, "attributesToRetrieve": ["id"]}
        )
        return PageHits(
            ids=[int(hit["id"]) for hit in answer.get("hits", [])],
            total=int(answer.get("totalHits", 0)),
            backend=self.name,
        )

    @_unavailable_on_error
    def rebuild(
        self,
        *,
        language: str,
        product_batches: Iterable[list[dict]],
        pages: list[dict],
        synonyms: dict[str, list[str]],
    ) -> int:
        """Fill ``<index>_new`` indexes while the live ones keep answering, then swap them in."""
        products = self.products_index(language)
        fresh = self._fresh_index(products, self._product_settings(synonyms, set()))
        count, fields = 0, set()
        for batch in product_batches:
            stored = [product_document(doc) for doc in batch]
            if not stored:
                continue
            fields |= _attribute_fields(stored)
            self._wait(
                self.client.index(fresh).add_documents(stored, primary_key="id"),
                timeout_ms=REBUILD_TASK_TIMEOUT_MS,
            )
            count += len(stored)
        if fields:  # declared once, at the end: each settings change re-indexes everything
            self._apply_settings(fresh, self._product_settings(synonyms, fields))
        self._swap_in(products, fresh)
        self._attribute_fields[products] = (time.monotonic(), frozenset(fields))

        live_pages = self.pages_index(language)
        fresh = self._fresh_index(live_pages, self._page_settings(synonyms))
        if pages:
            self._wait(
                self.client.index(fresh).add_documents(list(pages), primary_key="id"),
                timeout_ms=REBUILD_TASK_TIMEOUT_MS,
            )
        self._swap_in(live_pages, fresh)
        return count

    # -- helpers ----------------------------------------------------------------------------

    def _wait(
        self,
        task_info,
        *,
        allowed_errors: frozenset[str] = frozenset(),
        timeout_ms: int = TASK_TIMEOUT_MS,
    ) -> None:
        """Wait for a task; a failed task raises ``SearchUnavailable`` (unless its error code
        is allowed, e.g. deleting an index that is already gone)."""
        task = self.client.wait_for_task(task_info.task_uid, timeout_in_ms=timeout_ms)
        if task.status == "succeeded":
            return
        code = (task.error or {}).get("code")
        if task.status == "failed" and code in allowed_errors:
            return
        raise SearchUnavailable(
            f"Meilisearch task {task.uid} ({task.type}) on {task.index_uid} ended "
            f"{task.status}: {(task.error or {}).get('message', 'no error reported')}"
        )

    def _ensure_index(self, uid: str) -> None:
        try:
            self.client.get_raw_index(uid)
        except MeilisearchApiError as error:
            if error.code != "index_not_found":
                raise
            self._wait(
                self.client.create_index(uid, {"primaryKey": "id"}),
                allowed_errors=frozenset({"index_already_exists"}),  # created concurrently
            )

    def _apply_settings(self, uid: str, settings: dict) -> None:
        self._wait(
            self.client.index(uid).update_settings(settings), timeout_ms=REBUILD_TASK_TIMEOUT_MS
        )

    def _product_settings(self, synonyms: dict[str, list[str]] | None, fields: set[str]) -> dict:
        settings = {
            "searchableAttributes": PRODUCT_SEARCHABLE,
            "filterableAttributes": [*PRODUCT_FILTERABLE, *sorted(fields)],
            "sortableAttributes": PRODUCT_SORTABLE,
            "typoTolerance": TYPO_TOLERANCE,
            "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        }
        if synonyms is not None:
            settings["synonyms"] = mutual_synonyms(synonyms)
        return settings

    def _page_settings(self, synonyms: dict[str, list[str]]) -> dict:
        return {
            "searchableAttributes": PAGE_SEARCHABLE,
            "sortableAttributes": PAGE_SORTABLE,
            "typoTolerance": TYPO_TOLERANCE,
            "synonyms": mutual_synonyms(synonyms),
        }

    def _declared_attribute_fields(self, uid: str, *, refresh: bool = False) -> frozenset[str]:
        """The ``attr_*`` fields the index filters on (cached; empty when no index yet)."""
        cached = self._attribute_fields.get(uid)
        now = time.monotonic()
        if cached and not refresh and now - cached[0] < ATTRIBUTE_FIELDS_TTL_SECONDS:
            return cached[1]
        try:
            declared = self.client.index(uid).get_filterable_attributes() or []
        except MeilisearchApiError as error:
            if error.code != "index_not_found":
                raise
            declared = []
        fields: set[str] = set()
        for entry in declared:  # plain names, or granular {"attributePatterns": [...]} entries
            names = entry.get("attributePatterns", []) if isinstance(entry, dict) else [entry]
            fields.update(n for n in names if n.startswith(FACET_ATTRIBUTE_PREFIX))
        self._attribute_fields[uid] = (now, frozenset(fields))
        return frozenset(fields)

    def _declare_attribute_fields(self, uid: str, fields: set[str]) -> None:
        """Make ``fields`` filterable on the index (creating it with its settings if missing)."""
        if fields <= self._declared_attribute_fields(uid):
            return
        known = self._declared_attribute_fields(uid, refresh=True)
        if fields <= known:
            return
        self._ensure_index(uid)
        if not known:  # maybe a brand-new index: give it all the product settings but synonyms
            self._apply_settings(uid, self._product_settings(None, fields))
        else:
            self._wait(
                self.client.index(uid).update_filterable_attributes(
                    [*PRODUCT_FILTERABLE, *sorted(known | fields)]
                ),
                timeout_ms=REBUILD_TASK_TIMEOUT_MS,
            )
        self._attribute_fields[uid] = (time.monotonic(), frozenset(known | fields))

    def _delete_documents(self, uid: str, ids: list[int]) -> None:
        if not ids:
            return
        with warnings.catch_warnings():  # the client flags deletion by ids as deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            task = self.client.index(uid).delete_documents([int(i) for i in ids])
        self._wait(task, allowed_errors=frozenset({"index_not_found"}))  # nothing to delete

    def _product_filters(self, query: ProductQuery) -> list[str]:
        filters = []
        if query.category_id is not None:
            filters.append(f"category_ids = {int(query.category_id)}")
        if query.min_price is not None:
            filters.append(f"price >= {_number(query.min_price)}")
        if query.max_price is not None:
            filters.append(f"price <= {_number(query.max_price)}")
        if query.in_stock is not None:
            filters.append(f"in_stock = {'true' if query.in_stock else 'false'}")
        for code, values in sorted(query.attributes.items()):
            if values:
                listed = ", ".join(_quote(value) for value in values)
                filters.append(f"{FACET_ATTRIBUTE_PREFIX}{code} IN [{listed}]")
        return filters

    def _fresh_index(self, live: str, settings: dict) -> str:
        """``<live>_new``, emptied of any stale content, with ``settings`` applied."""
        fresh = f"{live}_new"
        self._wait(
            self.client.delete_index(fresh),
            allowed_errors=frozenset({"index_not_found"}),
            timeout_ms=REBUILD_TASK_TIMEOUT_MS,
        )
        self._wait(self.client.create_index(fresh, {"primaryKey": "id"}))
        self._apply_settings(fresh, settings)
        return fresh

    def _swap_in(self, live: str, fresh: str) -> None:
        """Swap ``fresh`` in as ``live`` atomically, then drop the previous content."""
        self._ensure_index(live)
        self._wait(
            self.client.swap_indexes([{"indexes": [live, fresh]}]),
            timeout_ms=REBUILD_TASK_TIMEOUT_MS,
        )
        self._wait(self.client.delete_index(fresh), timeout_ms=REBUILD_TASK_TIMEOUT_MS)


def _facet_counts(distribution: dict | None) -> list[FacetCount]:
    counts = [
        FacetCount(value=str(value), count=int(n)) for value, n in (distribution or {}).items()
    ]
    return sorted(counts, key=lambda facet: (-facet.count, facet.value))
