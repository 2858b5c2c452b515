"""Search: which backend answers, falling back to the database, and keeping indexes in sync."""

from __future__ import annotations

import logging
import threading
from functools import cache, reduce
from operator import or_

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from commerce.catalogue.selectors import category_menu
from search.backends.base import SearchBackend, SearchUnavailable
from search.backends.database import DatabaseBackend
from search.interface import FACET_CATEGORY, PageHits, ProductHits, ProductQuery
from search.models import PendingIndexChange
from search.signals import index_changes_committed
from search.synonyms import search_synonyms

logger = logging.getLogger(__name__)

FLUSH_BATCH_SIZE = 500


@cache
def _meilisearch_backend(url: str, api_key: str) -> SearchBackend:
    from search.backends.meilisearch import MeilisearchBackend

    return MeilisearchBackend(url=url, api_key=api_key or None)


def search_backend() -> SearchBackend:
    """Meilisearch when ``MEILISEARCH_URL`` is set, else the database (the embedded default)."""
    if settings.MEILISEARCH_URL:
        return _meilisearch_backend(settings.MEILISEARCH_URL, settings.MEILISEARCH_API_KEY)
    return DatabaseBackend()


def search_languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


class _Fallback:
    """Logs the first failure of an outage once, and the recovery once."""

    down = False

    @classmethod
    def failed(cls, error: Exception) -> None:
        if not cls.down:
            logger.error("search backend unavailable, answering from the database: %s", error)
        cls.down = True

    @classmethod
    def answered(cls) -> None:
        if cls.down:
            logger.warning("search backend is answering again")
        cls.down = False


def _with_fallback(call):
    backend = search_backend()
    try:
        result = call(backend)
    except SearchUnavailable as error:
        if isinstance(backend, DatabaseBackend):
            raise
        _Fallback.failed(error)
        return call(DatabaseBackend())
    if not isinstance(backend, DatabaseBackend):
        _Fallback.answered()
    return result


def products_search(*, query: ProductQuery) -> ProductHits:
    return _with_fallback(lambda backend: backend.products_search(query=query))


POPULAR_CATEGORIES = 5


def categories_offered(
    *, query: ProductQuery, hits: ProductHits, limit: int = POPULAR_CATEGORIES
) -> list:
    """What a shopper whose words found nothing is offered instead: the top-level categories
    holding the most products, most first (``MenuCategory`` entries); nothing otherwise."""
    if not query.text.strip() or hits.total:
        return []
    everything = products_search(query=ProductQuery(language=query.language, per_page=1))
    counts = {
        int(facet.value): facet.count
        for facet in everything.facets.get(FACET_CATEGORY, [])
        if facet.value.isdigit()
    }
    top_level = [entry for entry in category_menu(max_depth=1) if entry.pk in counts]
    return sorted(top_level, key=lambda entry: (-counts[entry.pk], entry.name))[:limit]


def products_suggest(*, language: str, text: str, limit: int = 8) -> list[str]:
    return _with_fallback(
        lambda backend: backend.products_suggest(language=language, text=text, limit=limit)
    )


def pages_search(*, language: str, text: str, limit: int = 10) -> PageHits:
    return _with_fallback(
        lambda backend: backend.pages_search(language=language, text=text, limit=limit)
    )


# --- Keeping the index in sync ----------------------------------------------------------------


def index_changes_record(*, kind: str, ids: list[int]) -> None:
    """Record that these objects changed, in the caller's transaction, and flush on commit.

    However many objects one transaction touches, its commit sends ``index_changes_committed``
    once (the receiver queues one flush task, which works through the outbox in batches); a
    transaction that rolls back sends nothing.
    """
    ids = [i for i in ids if i is not None]
    if not ids:
        return
    PendingIndexChange.objects.bulk_create(
        [PendingIndexChange(kind=kind, object_id=i) for i in set(ids)],
        update_conflicts=True,
        unique_fields=["kind", "object_id"],
        update_fields=["recorded_at"],
    )
    _flush_on_commit()


class _FlushNudge(threading.local):
    """Whether changes were recorded on this thread since the last nudge to flush was sent."""

    due = False


_flush_nudge = _FlushNudge()


def _flush_on_commit() -> None:
    # Every recording registers its own callback: Django drops the callbacks of a transaction
    # or savepoint that rolls back and keeps those of the rest, so a committed change always
    # has one that runs. A transaction's callbacks run together right after its commit; the
    # first sends the nudge and the others find it sent. (A flag left raised by a rollback can
    # only cost one extra, harmless flush, never a missed one.)
    _flush_nudge.due = True
    transaction.on_commit(_flush_nudge_send, robust=True)


def _flush_nudge_send() -> None:
    # The changes are already recorded; the flush task is only a nudge. With the broker down the
    # nudge is logged and dropped (robust), never raised into the request that made the change:
    # beat flushes the recorded changes every minute.
    if not _flush_nudge.due:
        return
    _flush_nudge.due = False
    index_changes_committed.send(sender=PendingIndexChange)


def indexing_backends() -> list[SearchBackend]:
    """Where documents are written: the database index always (it answers when Meilisearch
    cannot), then Meilisearch when configured."""
    backend = search_backend()
    if isinstance(backend, DatabaseBackend):
        return [backend]
    return [DatabaseBackend(), backend]


def search_index_flush(*, batch_size: int = FLUSH_BATCH_SIZE) -> int:
    """Send every recorded change to the search backends; return how many were applied.

    Raises ``SearchUnavailable`` when Meilisearch is down; the changes stay recorded (and are
    written again to the database index, which takes them as often as they come).
    """
    from search.documents import page_documents, product_documents

    backends = indexing_backends()
    applied = 0
    while True:
        batch = list(PendingIndexChange.objects.order_by("pk")[:batch_size])
        if not batch:
            return applied
        product_ids = [c.object_id for c in batch if c.kind == PendingIndexChange.Kind.PRODUCT]
        page_ids = [c.object_id for c in batch if c.kind == PendingIndexChange.Kind.PAGE]
        for language in search_languages():
            if product_ids:
                documents, removed = product_documents(ids=product_ids, language=language)
                for backend in backends:
                    if documents:
                        backend.products_upsert(language=language, documents=documents)
                    if removed:
                        backend.products_delete(language=language, ids=removed)
            if page_ids:
                documents, removed = page_documents(ids=page_ids, language=language)
                for backend in backends:
                    if documents:
                        backend.pages_upsert(language=language, documents=documents)
                    if removed:
                        backend.pages_delete(language=language, ids=removed)
        # Only the rows read: a change recorded meanwhile has a newer time and stays queued.
        PendingIndexChange.objects.filter(
            reduce(or_, (Q(pk=c.pk, recorded_at=c.recorded_at) for c in batch))
        ).delete()
        applied += len(batch)


def search_setup() -> None:
    """Apply index settings (attributes, typo tolerance, synonyms) from the code."""
    search_backend().setup(languages=search_languages(), synonyms=search_synonyms())


def search_reindex(*, progress=None) -> dict[str, int]:
    """Rebuild every index into fresh indexes and swap them in (the database index, and
    Meilisearch when configured); return products per language."""
    from search.documents import page_documents, product_document_batches

    backends = indexing_backends()
    counts = {}
    for language in search_languages():
        batches = product_document_batches(language=language)
        if progress is not None:
            batches = progress(batches, language)
        if len(backends) > 1:
            batches = list(batches)  # one build of the documents for both indexes
        pages, _ = page_documents(language=language)
        for backend in backends:
            counts[language] = backend.rebuild(
                language=language, product_batches=batches, pages=pages, synonyms=search_synonyms()
            )
    return counts
