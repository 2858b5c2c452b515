"""The embedded search backend: an index kept in the shop's own database.

It is the default when no search server is configured and the fallback when one is down. The
outbox flush and ``search_reindex`` write the same documents Meilisearch is sent into
``ProductIndexEntry`` (one row per product and language) and every word of them into
``IndexWord`` (the vocabulary); they are written to this index whether or not Meilisearch is
configured, so that it can answer the moment Meilisearch cannot.

Matching (``search.text``): accents and case never matter (text and query are normalised the
same way in Python, on both databases); every word of the query must match, as itself, as a
correction to a word of the vocabulary (one typo from 5 letters, two from 9) or as one of its
synonyms (the code's and the merchandisers'); the last word also matches as a prefix, as the
shopper may still be typing it.

* PostgreSQL: a stored weighted ``tsvector`` (title A, description, categories and attributes B)
  with a GIN index, matched with a ``tsquery``; relevance is ``ts_rank``.
* SQLite: an FTS5 table kept by triggers, matched with an FTS5 query; relevance is ``bm25``
  with the title weighing ten times the rest.

One SQL query reads the matching rows of the language (with the category, price and stock
filters applied in SQL); the attribute filters, the total, every facet, the sort and the page
are then worked out in one pass over those rows. The facets count what the query and the
filters match, as Meilisearch's do.

Differences from Meilisearch that remain: no ranking by word proximity or by which attribute
matched beyond title against the rest; words are matched in every language's rows (a French
shopper typing an English title finds it; Meilisearch searches the language's index only); a
misspelt word is corrected to words of the shopper's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model

from commerce.catalogue.selectors import translated_columns
from search import text as search_text
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
from search.models import IndexWord, ProductIndexEntry
from search.synonyms import search_synonyms

ENTRY_TABLE = ProductIndexEntry._meta.db_table
FTS_TABLE = f"{ENTRY_TABLE}_fts"
# SQLite's relevance: bm25 with the title's words weighing this much more than the rest.
TITLE_WEIGHT = 10.0
WRITE_BATCH_SIZE = 500
ENTRY_FIELDS = [
    "title",
    "title_words",
    "other_words",
    "category_ids",
    "attribute_values",
    "price",
    "currency",
    "in_stock",
    "rating",
    "popularity",
    "date_created",
]


class DatabaseBackend:
    name = "database"

    # --- Indexing ----------------------------------------------------------------------------

    def setup(self, *, languages: list[str], synonyms: dict[str, list[str]]) -> None:
        """No-op: the tables come with the migrations; synonyms are read at query time."""

    def products_upsert(self, *, language: str, documents: list[dict]) -> None:
        entries = [_entry(language=language, document=document) for document in documents]
        with transaction.atomic():
            for start in range(0, len(entries), WRITE_BATCH_SIZE):
                ProductIndexEntry.objects.bulk_create(
                    entries[start : start + WRITE_BATCH_SIZE],
                    update_conflicts=True,
                    unique_fields=["language", "product_id"],
                    update_fields=ENTRY_FIELDS,
                )
            _vocabulary_add(language=language, entries=entries)

    def products_delete(self, *, language: str, ids: list[int]) -> None:
        ProductIndexEntry.objects.filter(language=language, product_id__in=ids).delete()

    def pages_upsert(self, *, language: str, documents: list[dict]) -> None:
        """No-op: pages are searched in Wagtail's page table directly (a few hundred rows)."""

    def pages_delete(self, *, language: str, ids: list[int]) -> None:
        """No-op: pages are searched in Wagtail's page table directly."""

    def rebuild(
        self,
        *,
        language: str,
        product_batches: Iterable[list[dict]],
        pages: list[dict],
        synonyms: dict[str, list[str]],
    ) -> int:
        """Replace the language's index and vocabulary in one transaction (searches read the
        old index until it commits); return the products indexed."""
        indexed = 0
        with transaction.atomic():
            ProductIndexEntry.objects.filter(language=language).delete()
            IndexWord.objects.filter(language=language).delete()
            for documents in product_batches:
                self.products_upsert(language=language, documents=documents)
                indexed += len(documents)
        return indexed

    # --- Products -----------------------------------------------------------------------------

    def products_search(self, *, query: ProductQuery) -> ProductHits:
        """Indexed products of the query's language matching the query, with every facet.

        Three SQL queries whatever the results: the vocabulary's size (to know whether this
        process's copy is current), the synonyms, and the matching rows."""
        page = max(query.page, 1)
        per_page = max(query.per_page, 1)
        terms = []
        if query.text.strip():
            vocabulary = _vocabulary()
            # A word of any language is known; a misspelt one is corrected to the shopper's
            # language's words (``casqe`` to the French ``casque``, not the English ``case``).
            terms = search_text.query_terms(
                text=query.text,
                vocabulary=vocabulary.by_language.get(query.language, ()),
                known=vocabulary.known,
                synonyms=search_synonyms(),
            )
        rows = _matching_rows(query=query, terms=terms) if terms or not query.text.strip() else []
        rows = [row for row in rows if _has_attributes(row, query.attributes)]
        facets = _facets(rows)
        rows.sort(key=_sort_key(query.sort, has_text=bool(terms)))
        offset = (page - 1) * per_page
        return ProductHits(
            ids=[row.product_id for row in rows[offset : offset + per_page]],
            total=len(rows),
            page=page,
            per_page=per_page,
            facets=facets,
            backend=self.name,
            corrected_text=search_text.corrected_text(terms),
        )

    def products_suggest(self, *, language: str, text: str, limit: int = 8) -> list[str]:
        """Titles as the storefront shows them in the active language (English when not
        translated) starting with the text first, then titles containing it. ``language`` is
        ignored, as for products: the request's active language is the one shown."""
        text = text.strip()
        if not text or limit <= 0:
            return []
        shown_language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        titles = (
            get_model("catalogue", "Product")
            .objects.browsable()
            .annotate(shown_title=_shown_in("title", shown_language))
            .order_by("shown_title")
            .values_list("shown_title", flat=True)
            .distinct()
        )
        suggestions = list(titles.filter(shown_title__istartswith=text)[:limit])
        if len(suggestions) < limit:
            suggestions += list(
                titles.filter(shown_title__icontains=text).exclude(shown_title__istartswith=text)[
                    : limit - len(suggestions)
                ]
            )
        return suggestions

    # --- Pages --------------------------------------------------------------------------------

    def pages_search(self, *, language: str, text: str, limit: int = 10) -> PageHits:
        """Live, public Wagtail pages (not the tree's root) whose title or search description
        contains the text, in the language's Wagtail locale; title matches first, then in tree
        order."""
        from wagtail.models import Page

        text = text.strip()
        if not text:
            return PageHits(ids=[], total=0, backend=self.name)
        pages = (
            Page.objects.live()
            .public()
            .filter(depth__gt=1, locale__language_code=language)
            .filter(Q(title__icontains=text) | Q(search_description__icontains=text))
        )
        total = pages.count()
        ids = list(
            pages.annotate(
                title_match=Case(
                    When(title__icontains=text, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("title_match", "path")
            .values_list("pk", flat=True)[: max(limit, 0)]
        )
        return PageHits(ids=ids, total=total, backend=self.name)


# --- Writing ------------------------------------------------------------------------------------


def _entry(*, language: str, document: dict) -> ProductIndexEntry:
    attributes = {
        code: [str(value) for value in (values if isinstance(values, list) else [values])]
        for code, values in (document.get("attributes") or {}).items()
    }
    other_text = " ".join(
        [
            document.get("description") or "",
            *(document.get("category_path") or []),
            *(value for values in attributes.values() for value in values),
        ]
    )
    price = document.get("price")
    return ProductIndexEntry(
        product_id=document["id"],
        language=language,
        title=document.get("title") or "",
        title_words=" ".join(search_text.words(document.get("title") or "")),
        other_words=" ".join(search_text.words(other_text)),
        category_ids=" " + " ".join(str(pk) for pk in document.get("category_ids") or []) + " ",
        attribute_values="\n".join(
            f"{code}\t{value}"
            for code, values in sorted(attributes.items())
            for value in values
            if "\n" not in code + value and "\t" not in code
        ),
        price=None if price is None else Decimal(str(price)).quantize(Decimal("0.01")),
        currency=document.get("currency") or "",
        in_stock=bool(document.get("in_stock")),
        rating=document.get("rating"),
        popularity=document.get("popularity") or 0,
        date_created=document.get("date_created") or 0,
    )


def _vocabulary_add(*, language: str, entries: list[ProductIndexEntry]) -> None:
    """Every word of the entries into the language's vocabulary (words already there stay)."""
    found = set()
    for entry in entries:
        found.update(entry.title_words.split())
        found.update(entry.other_words.split())
    max_length = IndexWord._meta.get_field("word").max_length
    IndexWord.objects.bulk_create(
        [IndexWord(language=language, word=w) for w in sorted(found) if len(w) <= max_length],
        ignore_conflicts=True,
        batch_size=WRITE_BATCH_SIZE,
    )


# --- The vocabulary, kept per process while the table does not change ---------------------------


@dataclass(frozen=True)
class _Vocabulary:
    marker: tuple
    by_language: dict[str, tuple[str, ...]]  # sorted words of each language's index
    known: frozenset[str]  # every language's words


_vocabulary_kept: dict[str, _Vocabulary] = {}  # "current": this process's copy


def _vocabulary() -> _Vocabulary:
    """The index's words per language: read again only when the table changed (its row count
    or last id moved), which one small query tells."""
    mark = IndexWord.objects.aggregate(count=Count("pk"), last=Max("pk"))
    marker = (mark["count"], mark["last"])
    current = _vocabulary_kept.get("current")
    if current is None or current.marker != marker:
        by_language: dict[str, list[str]] = {}
        for language, word in IndexWord.objects.order_by("language", "word").values_list(
            "language", "word"
        ):
            by_language.setdefault(language, []).append(word)
        current = _Vocabulary(
            marker=marker,
            by_language={language: tuple(words) for language, words in by_language.items()},
            known=frozenset(word for words in by_language.values() for word in words),
        )
        # One assignment: a thread reading meanwhile gets the old copy or the new, whole.
        _vocabulary_kept["current"] = current
    return current


# --- Reading ------------------------------------------------------------------------------------


@dataclass
class _Row:
    product_id: int
    rank: float
    price: Decimal | None
    in_stock: bool
    category_ids: str
    attribute_values: str  # "code<TAB>value" lines
    popularity: int
    date_created: int
    language: str


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _tsquery_word(word: str, *, prefix: bool) -> str:
    # Normalised words are letters and digits only (\w), safe inside quotes.
    return f"'{word}'" + (":*" if prefix else "")


def _postgresql_match(terms: list[search_text.QueryTerm]) -> str:
    groups = []
    for term in terms:
        alternatives = []
        for phrase in term.alternatives:
            last = len(phrase) - 1
            alternatives.append(
                " <-> ".join(
                    _tsquery_word(word, prefix=term.prefix and index == last and len(phrase) == 1)
                    for index, word in enumerate(phrase)
                )
            )
        groups.append("(" + " | ".join(f"({alternative})" for alternative in alternatives) + ")")
    return " & ".join(groups)


def _sqlite_match(terms: list[search_text.QueryTerm]) -> str:
    groups = []
    for term in terms:
        alternatives = []
        for phrase in term.alternatives:
            quoted = '"' + " ".join(phrase) + '"'
            if term.prefix and len(phrase) == 1:
                quoted += " *"
            alternatives.append(quoted)
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups)


def _matching_rows(*, query: ProductQuery, terms: list[search_text.QueryTerm]) -> list[_Row]:
    """The rows matching the words and the SQL filters, one per product."""
    select_params: list = []
    conditions: list[str] = []
    params: list = []
    if terms and _is_postgresql():
        match = _postgresql_match(terms)
        source = f"{ENTRY_TABLE} e"
        rank = "ts_rank(e.document, to_tsquery('simple', %s))"
        select_params.append(match)
        conditions.append("e.document @@ to_tsquery('simple', %s)")
        params.append(match)
    elif terms:
        source = f"{FTS_TABLE} f JOIN {ENTRY_TABLE} e ON e.id = f.rowid"
        rank = f"-bm25({FTS_TABLE}, {TITLE_WEIGHT}, 1.0)"
        conditions.append(f"{FTS_TABLE} MATCH %s")
        params.append(_sqlite_match(terms))
    else:
        # Without words, the language's own rows are the catalogue. With words, every
        # language's rows are matched: a French shopper typing an English title finds it.
        source, rank = f"{ENTRY_TABLE} e", "0"
        conditions.append("e.language = %s")
        params.append(query.language)
    if query.category_id is not None:
        conditions.append("e.category_ids LIKE %s")
        params.append(f"% {int(query.category_id)} %")
    if query.min_price is not None:
        conditions.append("e.price >= %s")
        params.append(query.min_price)
    if query.max_price is not None:
        conditions.append("e.price <= %s")
        params.append(query.max_price)
    if query.in_stock is not None:
        conditions.append("e.in_stock = %s")
        params.append(bool(query.in_stock))
    sql = (
        f"SELECT e.product_id, {rank}, e.price, e.in_stock, e.category_ids, e.attribute_values, "
        f"e.popularity, e.date_created, e.language FROM {source} "
        f"WHERE {' AND '.join(conditions) or '1 = 1'}"
    )
    all_params = [*select_params, *params]
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        fetched = cursor.fetchall()
    rows = [_Row(*values) for values in fetched]
    return _one_per_product(rows, language=query.language)


def _one_per_product(rows: list[_Row], *, language: str) -> list[_Row]:
    """Each product once: its row in ``language`` when that matched, with the best rank any of
    its languages got (prices, stock, categories and attribute values are the same in all)."""
    best: dict[int, _Row] = {}
    for row in rows:
        kept = best.get(row.product_id)
        if kept is None:
            best[row.product_id] = row
            continue
        rank = max(kept.rank, row.rank)
        if row.language == language and kept.language != language:
            kept = row
        kept.rank = rank
        best[row.product_id] = kept
    return list(best.values())


def _attribute_pairs(row: _Row) -> list[tuple[str, str]]:
    return [tuple(line.split("\t", 1)) for line in row.attribute_values.split("\n") if line]


def _has_attributes(row: _Row, wanted: dict[str, tuple[str, ...]]) -> bool:
    wanted = {code: values for code, values in wanted.items() if values}
    if not wanted:
        return True
    pairs = _attribute_pairs(row)
    for code, values in wanted.items():
        if isinstance(values, str):
            values = (values,)
        if not any(pair_code == code and value in values for pair_code, value in pairs):
            return False
    return True


def _facets(rows: list[_Row]) -> dict[str, list[FacetCount]]:
    categories, prices, stock = Counter(), Counter(), Counter()
    attributes: dict[str, Counter] = {}
    for row in rows:
        categories.update(row.category_ids.split())
        if (label := price_range_label(row.price)) is not None:
            prices[label] += 1
        stock["true" if row.in_stock else "false"] += 1
        if row.attribute_values:
            for code, value in set(_attribute_pairs(row)):
                attributes.setdefault(code, Counter())[value] += 1
    return {
        FACET_CATEGORY: _sorted_facet(categories.items()),
        FACET_PRICE: _sorted_facet(prices.items()),
        FACET_AVAILABILITY: _sorted_facet(stock.items()),
        **{
            f"{FACET_ATTRIBUTE_PREFIX}{code}": _sorted_facet(counts.items())
            for code, counts in sorted(attributes.items())
        },
    }


def _sort_key(sort: Sort, *, has_text: bool):
    def newest(row: _Row):
        return (-row.date_created, -row.product_id)

    if sort == Sort.PRICE_ASC:
        return lambda row: (row.price is None, row.price or 0, *newest(row))
    if sort == Sort.PRICE_DESC:
        return lambda row: (row.price is None, -(row.price or 0), *newest(row))
    if sort == Sort.RELEVANCE and has_text:
        return lambda row: (-row.rank, -row.popularity, *newest(row))
    return newest


def _columns(field: str) -> list[str]:
    return translated_columns(field=field)


def _shown_in(field: str, language: str) -> Coalesce:
    """The field as the storefront shows it in ``language``: that language's column, or the
    source language's when it is empty."""
    source, *_ = _columns(field)
    column = build_localized_fieldname(field, language)
    if column not in _columns(field) or column == source:
        return Coalesce(F(source), Value(""), output_field=CharField())
    # Each language's column is a field class of its own: the output type has to be named.
    return Coalesce(NullIf(F(column), Value("")), F(source), Value(""), output_field=CharField())


def _sorted_facet(counts: Iterable[tuple[str, int]]) -> list[FacetCount]:
    """Values with a count, most frequent first, then by value."""
    return [
        FacetCount(value=value, count=count)
        for value, count in sorted(counts, key=lambda item: (-item[1], item[0]))
        if count > 0
    ]
