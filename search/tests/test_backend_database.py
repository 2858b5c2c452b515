"""The database search backend answers from the demo catalogue, on SQLite and on PostgreSQL.

Expected results are worked out independently of the backend: in Python from rows fetched with
plain ORM queries, so that a wrong annotation or join in the backend cannot hide in both.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from oscar.core.loading import get_model

from commerce.demo import data
from search.backends.database import DatabaseBackend
from search.interface import (
    FACET_AVAILABILITY,
    FACET_CATEGORY,
    FACET_PRICE,
    PRICE_RANGES,
    FacetCount,
    ProductQuery,
    Sort,
)
from search.services import search_index_flush

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity needs PostgreSQL"
)


@pytest.fixture
def backend():
    return DatabaseBackend()


def search(backend, **fields):
    """The backend's answer once the outbox flush has written the test's changes to the index
    (what the worker does after the commit)."""
    search_index_flush()
    fields.setdefault("per_page", 1000)
    return backend.products_search(query=ProductQuery(**fields))


def by_upc(sku: str):
    return Product.objects.get(upc=sku)


def catalogue() -> dict[int, dict]:
    """Every browsable product's price, availability, category paths and attribute values,
    computed in Python from its own rows and its public children's."""
    products = Product.objects.browsable().prefetch_related(
        "stockrecords",
        "categories",
        "attribute_values__attribute",
        "attribute_values__value_option",
        "children__stockrecords",
        "children__attribute_values__attribute",
        "children__attribute_values__value_option",
    )
    facts = {}
    for product in products:
        owners = [product, *(child for child in product.children.all() if child.is_public)]
        own_prices = [r.price for r in product.stockrecords.all() if r.price is not None]
        child_prices = [
            r.price for child in owners[1:] for r in child.stockrecords.all() if r.price is not None
        ]
        values = set()
        for owner in owners:
            for value in owner.attribute_values.all():
                text = value.value_text or (value.value_option and value.value_option.option)
                if text:
                    values.add((value.attribute.code, text))
        facts[product.pk] = {
            "title": product.title,
            "date_created": product.date_created,
            "price": min(own_prices) if own_prices else min(child_prices, default=None),
            "in_stock": any(
                r.num_in_stock - (r.num_allocated or 0) > 0
                for owner in owners
                for r in owner.stockrecords.all()
            ),
            "paths": [category.path for category in product.categories.all()],
            "attributes": values,
        }
    return facts


def in_tree(facts: dict, category) -> set[int]:
    return {
        pk
        for pk, fact in facts.items()
        if any(path.startswith(category.path) for path in fact["paths"])
    }


# --- Text ---------------------------------------------------------------------------------------


def test_empty_text_returns_every_browsable_product(backend):
    hits = search(backend)
    browsable = set(Product.objects.browsable().values_list("pk", flat=True))
    assert hits.backend == "database"
    assert hits.total == len(browsable) >= 60
    assert set(hits.ids) == browsable
    assert len(hits.ids) == len(set(hits.ids))


def test_a_word_of_the_title_finds_the_product(backend):
    yirgacheffe = by_upc("CF-ETHIOPIA-YIRGACHEFFE")
    hits = search(backend, text="yirgacheffe")
    assert hits.ids[0] == yirgacheffe.pk
    assert hits.total >= 1


def test_every_word_must_match_in_title_description_or_category(backend):
    boom_speakers = {by_upc("SP-ECHO-BOOM-MINI-BLUETOOTH-SPEAKER").pk}
    boom_speakers.add(by_upc("SP-ECHO-BOOM-2-BLUETOOTH-SPEAKER").pk)
    # "Boom" is in the titles, "waterproof" in only one description.
    assert set(search(backend, text="boom bluetooth").ids) == boom_speakers
    assert search(backend, text="boom waterproof").ids == [
        by_upc("SP-ECHO-BOOM-MINI-BLUETOOTH-SPEAKER").pk
    ]


def test_text_matches_category_names_with_their_ancestors(backend):
    facts = catalogue()
    # No title or description says "thrillers" or "audio": only the categories do, and "Audio"
    # is a department, two levels above the products' own categories.
    thrillers = Category.objects.get(name="Crime & thrillers")
    assert set(search(backend, text="thrillers").ids) == in_tree(facts, thrillers)
    audio = Category.objects.get(name="Audio", depth=1)
    assert set(search(backend, text="audio").ids) == in_tree(facts, audio) != set()


def test_text_nothing_matches(backend, django_assert_max_num_queries):
    search(backend, text="warm")  # this process's copy of the vocabulary is current
    # The vocabulary's size, the synonyms, the (empty) rows: nothing more.
    with django_assert_max_num_queries(3):
        hits = backend.products_search(query=ProductQuery(text="zzqxj"))
    assert (hits.ids, hits.total) == ([], 0)
    assert hits.facets == {FACET_CATEGORY: [], FACET_PRICE: [], FACET_AVAILABILITY: []}


def test_a_typo_in_a_title_word_still_finds_the_product(backend):
    headphones = by_upc("AU-SONATA-ANC-700-WIRELESS-HEADPHONES").pk
    espresso = by_upc("HK-BREWSTER-BARISTA-15-BAR-ESPRESSO-MACHINE").pk
    # Two letters swapped in "headphones" and in "espresso".
    assert headphones in search(backend, text="headpohnes").ids
    # What the right word finds, and the product with it in its title first.
    misspelt = search(backend, text="espersso").ids
    assert misspelt[0] == espresso and misspelt == search(backend, text="espresso").ids
    # A typo among correct words, and a stop word that has nothing to match.
    assert headphones in search(backend, text="sonata headpohnes").ids
    harbour = by_upc("BK-THE-HARBOUR-LIGHT-MURDERS").pk
    assert search(backend, text="the harbour ligth").ids == [harbour]


def test_short_words_get_no_typo_tolerance(backend):
    boom_speakers = {
        by_upc("SP-ECHO-BOOM-MINI-BLUETOOTH-SPEAKER").pk,
        by_upc("SP-ECHO-BOOM-2-BLUETOOTH-SPEAKER").pk,
    }
    assert set(search(backend, text="boom").ids) == boom_speakers
    assert search(backend, text="boon").ids == []


def test_relevance_ranks_title_matches_before_category_matches(backend):
    # Over-ear headphones say "headphones" in their titles; earbuds only sit in the
    # "Headphones" category.
    hits = search(backend, text="headphones")
    titles = dict(Product.objects.filter(pk__in=hits.ids).values_list("pk", "title"))
    in_title = {pk for pk, title in titles.items() if "headphones" in title.lower()}
    assert len(hits.ids) > len(in_title) > 1
    assert set(hits.ids[: len(in_title)]) == in_title


# --- Filters ------------------------------------------------------------------------------------


def test_category_filter_keeps_the_category_and_its_descendants(backend):
    facts = catalogue()
    for name, depth in (("Computers", 1), ("Peripherals", 2), ("Mice", 3)):
        category = Category.objects.get(name=name, depth=depth)
        hits = search(backend, category_id=category.pk)
        assert set(hits.ids) == in_tree(facts, category) != set()
        assert hits.total == len(hits.ids)


def test_category_filter_with_text(backend):
    facts = catalogue()
    peripherals = Category.objects.get(name="Peripherals")
    hits = search(backend, text="wireless", category_id=peripherals.pk)
    expected = {
        pk
        for pk in in_tree(facts, peripherals)
        if "wireless" in facts[pk]["title"].lower()
        or "wireless" in Product.objects.get(pk=pk).description.lower()
    }
    assert set(hits.ids) == expected != set()


def test_unknown_category_finds_nothing(backend):
    hits = search(backend, category_id=987654)
    assert (hits.ids, hits.total) == ([], 0)
    assert hits.facets == {FACET_CATEGORY: [], FACET_PRICE: [], FACET_AVAILABILITY: []}


def test_price_range_uses_own_or_lowest_child_price(backend):
    facts = catalogue()
    low, high = Decimal("50"), Decimal("500")
    hits = search(backend, min_price=low, max_price=high)
    expected = {
        pk
        for pk, fact in facts.items()
        if fact["price"] is not None and low <= fact["price"] <= high
    }
    assert set(hits.ids) == expected
    assert hits.total == len(expected)
    # A parent is priced at its cheapest variant: the Kestrel K3 Lite from 229 (64 GB).
    kestrel = by_upc("PH-KESTREL-K3-LITE").pk
    assert kestrel in search(backend, min_price=Decimal("229"), max_price=Decimal("229")).ids
    assert kestrel not in search(backend, min_price=Decimal("230")).ids


def test_only_a_minimum_or_a_maximum_price(backend):
    facts = catalogue()
    cheap = search(backend, max_price=Decimal("20"))
    assert set(cheap.ids) == {
        pk for pk, f in facts.items() if f["price"] is not None and f["price"] <= 20
    }
    dear = search(backend, min_price=Decimal("1000"))
    assert set(dear.ids) == {
        pk for pk, f in facts.items() if f["price"] is not None and f["price"] >= 1000
    }
    assert cheap.ids and dear.ids


def test_in_stock_filter(backend):
    facts = catalogue()
    sold_out = {by_upc(sku).pk for sku in data.OUT_OF_STOCK_SKUS}
    unavailable = search(backend, in_stock=False)
    available = search(backend, in_stock=True)
    assert set(unavailable.ids) == {pk for pk, f in facts.items() if not f["in_stock"]}
    assert sold_out <= set(unavailable.ids)
    assert set(available.ids) == {pk for pk, f in facts.items() if f["in_stock"]}
    assert available.total + unavailable.total == len(facts)


def test_in_stock_counts_allocations_and_variants(backend):
    StockRecord = get_model("partner", "StockRecord")
    crew = by_upc("TS-CREW")
    variants = StockRecord.objects.filter(product__parent=crew)
    assert not StockRecord.objects.filter(product=crew).exists()
    assert crew.pk in search(backend, in_stock=True).ids
    # Everything allocated to orders: nothing left to sell.
    for record in variants:
        record.num_allocated = record.num_in_stock
        record.save()
    assert crew.pk in search(backend, in_stock=False).ids
    record = variants.first()
    record.num_in_stock += 1
    record.save()
    assert crew.pk in search(backend, in_stock=True).ids


def test_attribute_filter_on_products_and_their_variants(backend):
    facts = catalogue()

    def having(code, *values):
        return {pk for pk, f in facts.items() if any((code, v) in f["attributes"] for v in values)}

    # Stand-alone products carry the brand; variants carry the colour.
    echo = search(backend, attributes={"brand": ("Echo",)})
    assert set(echo.ids) == having("brand", "Echo") != set()
    sand = search(backend, attributes={"colour": ("Sand",)})
    assert sand.ids == [by_upc("TS-VNECK").pk]
    light_or_medium = search(backend, attributes={"roast": ("Light", "Medium")})
    assert set(light_or_medium.ids) == having("roast", "Light", "Medium")
    both = search(backend, attributes={"brand": ("Echo", "Sonata"), "colour": ("Navy",)})
    assert both.ids == []
    assert search(backend, attributes={"colour": ()}).total == len(facts)


# --- Facets -------------------------------------------------------------------------------------


def expected_facet(counts: Counter) -> list[FacetCount]:
    return [
        FacetCount(value=value, count=count)
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        if count
    ]


def price_label(price) -> str | None:
    for label, low, high in PRICE_RANGES:
        if price is not None and (low is None or price >= low) and (high is None or price < high):
            return label
    return None


def expected_facets(facts: dict, pks: set[int]) -> dict[str, list[FacetCount]]:
    categories = list(Category.objects.values_list("pk", "path"))
    category_counts = Counter(
        {
            str(category_pk): sum(
                1 for pk in pks if any(p.startswith(path) for p in facts[pk]["paths"])
            )
            for category_pk, path in categories
        }
    )
    prices = Counter(price_label(facts[pk]["price"]) for pk in pks)
    prices.pop(None, None)
    attributes: dict[str, Counter] = {}
    for pk in pks:
        for code, value in facts[pk]["attributes"]:
            attributes.setdefault(f"attr_{code}", Counter())[value] += 1
    return {
        FACET_CATEGORY: expected_facet(category_counts),
        FACET_PRICE: expected_facet(prices),
        FACET_AVAILABILITY: expected_facet(
            Counter("true" if facts[pk]["in_stock"] else "false" for pk in pks)
        ),
        **{code: expected_facet(counts) for code, counts in attributes.items()},
    }


def test_facets_count_the_whole_catalogue(backend):
    facts = catalogue()
    hits = search(backend, per_page=5)
    assert hits.facets == expected_facets(facts, set(facts))
    # Spot checks on what the demo is known to hold.
    audio = Category.objects.get(name="Audio", depth=1)
    category_counts = {f.value: f.count for f in hits.facets[FACET_CATEGORY]}
    assert category_counts[str(audio.pk)] == len(in_tree(facts, audio)) == 9
    availability = {f.value: f.count for f in hits.facets[FACET_AVAILABILITY]}
    assert availability["false"] >= len(data.OUT_OF_STOCK_SKUS)
    assert sum(availability.values()) == hits.total
    assert {"attr_brand", "attr_colour", "attr_size", "attr_roast"} <= set(hits.facets)


def test_facets_count_the_filtered_products_only(backend):
    facts = catalogue()
    audio = Category.objects.get(name="Audio", depth=1)
    hits = search(backend, category_id=audio.pk, max_price=Decimal("150"), per_page=2)
    expected_pks = {pk for pk in in_tree(facts, audio) if facts[pk]["price"] <= 150}
    assert hits.total == len(expected_pks) and len(hits.ids) == 2
    assert hits.facets == expected_facets(facts, expected_pks)
    assert hits.facets[FACET_CATEGORY][0] == FacetCount(value=str(audio.pk), count=hits.total)


def test_facets_of_a_text_search(backend):
    facts = catalogue()
    hits = search(backend, text="coffee")
    assert hits.total > 0
    assert hits.facets == expected_facets(facts, set(hits.ids))


def test_facets_are_sorted_by_count_then_value(backend):
    for counts in search(backend).facets.values():
        keys = [(-facet.count, facet.value) for facet in counts]
        assert keys == sorted(keys)
        assert all(facet.count > 0 for facet in counts)


# --- Sorting and pages --------------------------------------------------------------------------


def test_sort_by_price(backend):
    facts = catalogue()
    ascending = search(backend, sort=Sort.PRICE_ASC).ids
    prices = [facts[pk]["price"] for pk in ascending]
    priced = [price for price in prices if price is not None]
    assert priced == sorted(priced)
    assert prices[: len(priced)] == priced  # products without a price come last
    descending = [facts[pk]["price"] for pk in search(backend, sort=Sort.PRICE_DESC).ids]
    priced = [price for price in descending if price is not None]
    assert priced == sorted(priced, reverse=True)
    assert descending[: len(priced)] == priced


def test_sort_newest_and_relevance_without_text(backend):
    facts = catalogue()
    expected = sorted(facts, key=lambda pk: (facts[pk]["date_created"], pk), reverse=True)
    assert search(backend, sort=Sort.NEWEST).ids == expected
    assert search(backend, sort=Sort.RELEVANCE).ids == expected


def test_pages_add_up_to_the_whole_result(backend):
    everything = search(backend, sort=Sort.PRICE_ASC).ids
    pages = [search(backend, sort=Sort.PRICE_ASC, page=n, per_page=7) for n in range(1, 20)]
    assert all(page.total == len(everything) for page in pages)
    assert all(len(page.ids) <= 7 for page in pages)
    assert [pk for page in pages for pk in page.ids] == everything
    assert (pages[1].page, pages[1].per_page) == (2, 7)
    past_the_end = search(backend, page=99, per_page=7)
    assert (past_the_end.ids, past_the_end.total) == ([], len(everything))


def test_query_count_does_not_grow_with_the_results(backend, django_assert_max_num_queries):
    audio = Category.objects.get(name="Audio", depth=1)
    queries = [
        {},
        {"text": "wireless"},
        {"category_id": audio.pk, "in_stock": True, "min_price": Decimal("10")},
        {"attributes": {"colour": ("Navy", "White")}, "sort": Sort.PRICE_DESC},
    ]
    search_index_flush()
    search(backend, text="warm")  # this process's copy of the vocabulary is current
    for fields in queries:
        for per_page in (1, 1000):
            with django_assert_max_num_queries(3):
                backend.products_search(query=ProductQuery(per_page=per_page, **fields))


# --- Suggestions, pages, no-ops -----------------------------------------------------------------


def test_suggest_titles_starting_with_the_text_first(backend):
    titles = sorted(set(Product.objects.browsable().values_list("title", flat=True)))
    starting = [t for t in titles if t.lower().startswith("a")]
    containing = [t for t in titles if "a" in t.lower() and not t.lower().startswith("a")]
    assert starting and containing
    limit = len(starting) + 3
    assert backend.products_suggest(language="en", text="A", limit=limit) == (
        starting + containing[:3]
    )
    assert backend.products_suggest(language="en", text="a", limit=2) == starting[:2]


def test_suggest_contained_text(backend):
    suggestions = backend.products_suggest(language="fr", text="headphones")
    assert suggestions == sorted(
        Product.objects.browsable()
        .filter(title__icontains="headphones")
        .values_list("title", flat=True)
    )
    assert len(suggestions) == 3
    assert backend.products_suggest(language="en", text="  ") == []


def test_pages_search_finds_the_home_page_by_its_title(backend):
    from wagtail.models import Page

    home = Page.objects.get(depth=2, title=settings.WAGTAIL_SITE_NAME, locale__language_code="en")
    word = settings.WAGTAIL_SITE_NAME.split()[-1].lower()
    hits = backend.pages_search(language="en", text=word)
    assert hits.ids[0] == home.pk  # title matches first, in tree order
    assert hits.total == len(hits.ids) >= 1 and hits.backend == "database"
    root = Page.get_first_root_node()
    assert root.pk not in backend.pages_search(language="en", text=root.title).ids
    Page.objects.filter(pk=home.pk).update(live=False)
    assert home.pk not in backend.pages_search(language="en", text=word).ids


def test_pages_search_by_search_description(backend):
    from wagtail.models import Page

    home = Page.objects.get(depth=2, title=settings.WAGTAIL_SITE_NAME, locale__language_code="en")
    Page.objects.filter(pk=home.pk).update(search_description="Gadgets and zebra coffee")
    assert backend.pages_search(language="en", text="zebra").ids == [home.pk]
    assert backend.pages_search(language="en", text="zebra", limit=0).ids == []


def test_the_trigram_migration_installs_pg_trgm_on_postgresql_only():
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    assert ("search", "0001_trigram_extension") in applied
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            assert cursor.fetchone() == (1,)


def test_pages_search_answers_in_the_language_s_locale(backend):
    from wagtail.models import Locale, Page

    english = Page.objects.get(
        depth=2, title=settings.WAGTAIL_SITE_NAME, locale__language_code="en"
    )
    french = english.get_translation_or_none(Locale.objects.get(language_code="fr"))
    assert french is not None and french.live, "the demo ships a French home page"
    word = settings.WAGTAIL_SITE_NAME.split()[-1].lower()
    assert french.pk in backend.pages_search(language="fr", text=word).ids
    assert english.pk not in backend.pages_search(language="fr", text=word).ids
    assert french.pk not in backend.pages_search(language="en", text=word).ids
