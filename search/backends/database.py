"""The embedded search backend: answers straight from the database, with nothing to index.

It is the default when no search server is configured and the fallback when one is down, so it
keeps the whole ``SearchBackend`` contract with plain ORM queries:

* PostgreSQL: full-text search (``websearch`` syntax) over the title (weight A), description (B)
  in every catalogue language (category names match through the category table). So that
  typos still match, a product also matches when every word of the query is either in that text
  or, for words of 5 letters or more, close to a word of the title (pg_trgm strict word similarity;
  migration ``search.0001_trigram_extension`` installs the extension). Relevance = full-text
  rank + trigram similarity of the query to the title.
* SQLite and any other database: every word of the query must appear (``icontains``) in the
  title, the description or a category name, in any catalogue language.

Every search runs a fixed number of SQL queries whatever the number of results: the matching
products stay a subquery that the page, the counts and the facets are computed from.

Titles, descriptions and category names are translated (django-modeltranslation, one column per
language, see ``commerce/catalogue/translation.py``). Searches read every language's column
explicitly: modeltranslation would rewrite ``title__icontains`` to the active language's column
only, without the English fallback, and miss every product not translated yet. So a product is
found by its English or its French words whatever the language; suggestions complete titles as
shown in the active language (English when untranslated). The text-search configuration
follows the catalogue's source language, ``settings.LANGUAGE_CODE``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from oscar.core.loading import get_model

from commerce.catalogue.selectors import (
    matches_in_any_language,
    products_with_price_and_stock,
    translated_columns,
)
from search.interface import (
    FACET_ATTRIBUTE_PREFIX,
    FACET_AVAILABILITY,
    FACET_CATEGORY,
    FACET_PRICE,
    PRICE_RANGES,
    FacetCount,
    PageHits,
    ProductHits,
    ProductQuery,
    Sort,
)

# Text-search configurations per language of the stored text; anything else is "simple".
_TEXT_SEARCH_CONFIGS = {"en": "english", "fr": "french"}

_WORD = re.compile(r"\w+")


# Typo tolerance on PostgreSQL: a query word of at least TYPO_MIN_LENGTH letters that is not in
# the text still matches a title with a word whose pg_trgm strict word similarity to it reaches
# TRIGRAM_THRESHOLD. Measured on the demo titles, two swapped letters or one missing letter in a
# word of 5 to 11 letters score 0.33 to 0.63, while unrelated words of 5 letters or more score at
# most 0.22 ("light" ~ "Heavyweight"); shorter words get no tolerance, as in Meilisearch
# ("case" ~ "Cast-iron" scores 0.43, "pan" ~ "Pad" 0.33).
TYPO_MIN_LENGTH = 5
TRIGRAM_THRESHOLD = 0.3


class DatabaseBackend:
    name = "database"

    # --- Indexing: nothing to do, the database is the index -----------------------------------

    def setup(self, *, languages: list[str], synonyms: dict[str, list[str]]) -> None:
        """No-op: there is no index to create. Synonyms are not supported by this backend."""

    def products_upsert(self, *, language: str, documents: list[dict]) -> None:
        """No-op: searches read the catalogue tables directly."""

    def products_delete(self, *, language: str, ids: list[int]) -> None:
        """No-op: searches read the catalogue tables directly."""

    def pages_upsert(self, *, language: str, documents: list[dict]) -> None:
        """No-op: searches read Wagtail's page table directly."""

    def pages_delete(self, *, language: str, ids: list[int]) -> None:
        """No-op: searches read Wagtail's page table directly."""

    def rebuild(
        self,
        *,
        language: str,
        product_batches: Iterable[list[dict]],
        pages: list[dict],
        synonyms: dict[str, list[str]],
    ) -> int:
        """Write nothing (the batches are not even consumed); return the searchable products."""
        return get_model("catalogue", "Product").objects.browsable().count()

    # --- Products -----------------------------------------------------------------------------

    def products_search(self, *, query: ProductQuery) -> ProductHits:
        """Browsable products (public parents and stand-alone products) matching the query,
        with facet counts over all of them. At most five SQL queries, whatever the results.

        ``query.language`` is ignored: the text is matched in every catalogue language.
        """
        page = max(query.page, 1)
        per_page = max(query.per_page, 1)
        text = query.text.strip()
        products = products_with_price_and_stock(
            get_model("catalogue", "Product").objects.browsable()
        )
        nothing = ProductHits(
            ids=[],
            total=0,
            page=page,
            per_page=per_page,
            facets={FACET_CATEGORY: [], FACET_PRICE: [], FACET_AVAILABILITY: []},
            backend=self.name,
        )

        if text:
            products = _match_text(products, text)
        if query.category_id is not None:
            # The category's path is read inside the queries below rather than looked up
            # first (the page asking has just read the category); an unknown category matches
            # nothing.
            category_path = (
                get_model("catalogue", "Category")
                .objects.filter(pk=query.category_id)
                .order_by()
                .values("path")[:1]
            )
            products = products.filter(_in_category_tree(Subquery(category_path)))
        if query.min_price is not None:
            products = products.filter(price__gte=query.min_price)
        if query.max_price is not None:
            products = products.filter(price__lte=query.max_price)
        if query.in_stock is not None:
            products = products.filter(in_stock=query.in_stock)
        for code, values in query.attributes.items():
            if isinstance(values, str):
                values = (values,)
            if values:
                products = products.filter(_has_attribute_value(code, values))

        counts = _counts(products)
        total = counts.pop("total")
        if not total:
            return nothing
        offset = (page - 1) * per_page
        ids = []
        if offset < total:
            ordered = products.order_by(*_ordering(query.sort, has_text=bool(text)))
            ids = list(ordered.values_list("pk", flat=True)[offset : offset + per_page])
        matched = products.order_by().values("pk")
        facets = {
            FACET_CATEGORY: _category_facet(matched),
            FACET_PRICE: _sorted_facet(
                (label, counts[f"price_{index}"]) for index, (label, *_) in enumerate(PRICE_RANGES)
            ),
            FACET_AVAILABILITY: _sorted_facet(
                [("true", counts["in_stock_true"]), ("false", counts["in_stock_false"])]
            ),
            **_attribute_facets(matched),
        }
        return ProductHits(
            ids=ids, total=total, page=page, per_page=per_page, facets=facets, backend=self.name
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


# --- Building blocks ----------------------------------------------------------------------------


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _columns(field: str) -> list[str]:
    return translated_columns(field=field)


def _in_any_language(field: str, lookup: str, value) -> Q:
    return matches_in_any_language(field=field, lookup=lookup, value=value)


def _shown_in(field: str, language: str) -> Coalesce:
    """The field as the storefront shows it in ``language``: that language's column, or the
    source language's when it is empty."""
    source, *_ = _columns(field)
    column = build_localized_fieldname(field, language)
    if column not in _columns(field) or column == source:
        return Coalesce(F(source), Value(""), output_field=CharField())
    # Each language's column is a field class of its own: the output type has to be named.
    return Coalesce(NullIf(F(column), Value("")), F(source), Value(""), output_field=CharField())


def _match_text(products: QuerySet, text: str) -> QuerySet:
    if _is_postgresql():
        return _match_text_postgresql(products, text)
    for word in text.split():
        products = products.filter(
            _in_any_language("title", "icontains", word)
            | _in_any_language("description", "icontains", word)
            | _in_any_category_tree(_category_paths_named(word))
        )
    return products


def _category_paths_named(word: str) -> list[str]:
    """Paths of the categories whose name, in any language, contains ``word``: one small query
    on the category table, so that products are then matched by path prefix instead of a
    per-product subquery."""
    return list(
        get_model("catalogue", "Category")
        .objects.filter(_in_any_language("name", "icontains", word))
        .values_list("path", flat=True)
    )


def _in_any_category_tree(paths: list[str]) -> Q:
    """In one of these categories or their descendants (a word naming a department matches every
    product below it)."""
    if not paths:
        return Q(pk__in=[])
    under_any = Q()
    for path in paths:
        under_any |= Q(category__path__startswith=path)
    return Q(
        Exists(
            get_model("catalogue", "ProductCategory").objects.filter(
                under_any, product=OuterRef("pk")
            )
        )
    )


def _match_text_postgresql(products: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import (
        SearchQuery,
        SearchRank,
        SearchVector,
        TrigramStrictWordSimilarity,
    )

    config = _TEXT_SEARCH_CONFIGS.get(settings.LANGUAGE_CODE.split("-")[0], "simple")
    # Title and description only: category names are matched through the category table (one
    # small query per word) rather than aggregated per product, which cost seconds per search.
    # Every language's column (SearchVector skips a NULL one), named explicitly: an expression
    # on "title" would read the base column, which holds a single language.
    document = SearchVector(*_columns("title"), weight="A", config=config) + SearchVector(
        *_columns("description"), weight="B", config=config
    )
    search_query = SearchQuery(text, config=config, search_type="websearch")

    def title_similarity(value: str):
        return Greatest(
            *(
                TrigramStrictWordSimilarity(
                    value, Coalesce(F(column), Value(""), output_field=CharField())
                )
                for column in _columns("title")
            )
        )

    products = products.annotate(document=document, similarity=title_similarity(text))

    # Every word in the text, in a category name, or close to a title word; a stop word ("the")
    # has no lexeme to look for and is left out rather than failing the whole query.
    every_word = Q()
    for word in _WORD.findall(text):
        word_query = SearchQuery(word, config=config, search_type="plain")
        word_matches = (
            Q(document=word_query)
            | Q(Exact(Func(word_query, function="numnode", output_field=IntegerField()), 0))
            | _in_any_category_tree(_category_paths_named(word))
        )
        if len(word) >= TYPO_MIN_LENGTH:
            word_matches |= Q(GreaterThanOrEqual(title_similarity(word), TRIGRAM_THRESHOLD))
        every_word &= word_matches
    matches = Q(document=search_query)
    if every_word:
        matches |= every_word
    return products.filter(matches).annotate(
        rank=SearchRank(F("document"), search_query) + F("similarity")
    )


def _in_category_tree(path: str | Subquery) -> Exists:
    """In the category with this treebeard path (or the path a subquery reads) or any of its
    descendants."""
    return Exists(
        get_model("catalogue", "ProductCategory").objects.filter(
            product=OuterRef("pk"), category__path__startswith=path
        )
    )


def _has_attribute_value(code: str, values: Iterable[str]) -> Q:
    """The product or one of its children has a text or option value for ``code`` in values."""
    values = list(values)
    matching = (
        get_model("catalogue", "ProductAttributeValue")
        .objects.filter(attribute__code=code)
        .filter(Q(value_text__in=values) | Q(value_option__option__in=values))
    )
    return Q(Exists(matching.filter(product=OuterRef("pk")))) | Q(
        Exists(matching.filter(product__parent=OuterRef("pk"), product__is_public=True))
    )


def _ordering(sort: Sort, *, has_text: bool) -> list:
    newest = ["-date_created", "-pk"]
    if sort == Sort.PRICE_ASC:
        return [F("price").asc(nulls_last=True), *newest]
    if sort == Sort.PRICE_DESC:
        return [F("price").desc(nulls_last=True), *newest]
    if sort == Sort.RELEVANCE and has_text and _is_postgresql():
        return [F("rank").desc(), *newest]
    # Newest, and relevance without a rank: the SQLite match is all-or-nothing.
    return newest


def _counts(products: QuerySet) -> dict[str, int]:
    """Total, availability and price-range counts from one pass over (price, in_stock).

    Counted here rather than with one aggregate per bucket: in SQL every FILTER clause would
    evaluate the price and stock subqueries again, a dozen times per product."""
    counts = {"total": 0, "in_stock_true": 0, "in_stock_false": 0}
    counts.update({f"price_{index}": 0 for index in range(len(PRICE_RANGES))})
    for price, in_stock in (
        products.order_by().values_list("price", "in_stock").iterator(chunk_size=5000)
    ):
        counts["total"] += 1
        counts["in_stock_true" if in_stock else "in_stock_false"] += 1
        if price is None:
            continue
        for index, (_label, low, high) in enumerate(PRICE_RANGES):
            if (low is None or price >= low) and (high is None or price < high):
                counts[f"price_{index}"] += 1
                break
    return counts


def _sorted_facet(counts: Iterable[tuple[str, int]]) -> list[FacetCount]:
    """Values with a count, most frequent first, then by value."""
    return [
        FacetCount(value=value, count=count)
        for value, count in sorted(counts, key=lambda item: (-item[1], item[0]))
        if count > 0
    ]


def _category_facet(matched: QuerySet) -> list[FacetCount]:
    """Per category, how many matched products sit in it or in one of its descendants.

    One grouped query: each product's categories joined to their ancestors by treebeard path
    prefix, with the matched products evaluated once (not once per category)."""
    category = get_model("catalogue", "Category")._meta.db_table
    product_category = get_model("catalogue", "ProductCategory")._meta.db_table
    matched_sql, params = matched.query.sql_with_params()
    sql = (
        f"SELECT ancestor.id, COUNT(DISTINCT link.product_id) "
        f"FROM {product_category} link "
        f"JOIN {category} own ON own.id = link.category_id "
        f"JOIN {category} ancestor ON own.path LIKE ancestor.path || '%%' "
        f"WHERE link.product_id IN ({matched_sql}) "
        f"GROUP BY ancestor.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _sorted_facet((str(pk), count) for pk, count in rows)


def _attribute_facets(matched: QuerySet) -> dict[str, list[FacetCount]]:
    """``attr_<code>``: per text or option value, how many matched products (themselves or
    through a child) have it."""
    attribute_model = get_model("catalogue", "ProductAttribute")
    rows = (
        get_model("catalogue", "ProductAttributeValue")
        .objects.filter(
            Q(product__in=matched) | Q(product__parent__in=matched, product__is_public=True),
            attribute__type__in=[attribute_model.TEXT, attribute_model.OPTION],
        )
        .annotate(
            code=F("attribute__code"),
            value=Coalesce("value_text", "value_option__option", output_field=TextField()),
            owner=Coalesce("product__parent_id", "product_id"),
        )
        .exclude(value__isnull=True)
        .exclude(value="")
        .order_by()
        .values("code", "value")
        .annotate(products=Count("owner", distinct=True))
        .values_list("code", "value", "products")
    )
    by_code: dict[str, list[tuple[str, int]]] = {}
    for code, value, count in rows:
        by_code.setdefault(code, []).append((value, count))
    return {
        f"{FACET_ATTRIBUTE_PREFIX}{code}": _sorted_facet(values)
        for code, values in sorted(by_code.items())
    }
