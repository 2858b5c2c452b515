"""MeilisearchBackend through the real ``meilisearch`` client, over HTTP, against the test fake."""

from __future__ import annotations

import socket
from decimal import Decimal

import pytest
from meilisearch.errors import MeilisearchApiError, MeilisearchCommunicationError

from search.backends.base import SearchUnavailable
from search.backends.meilisearch import MeilisearchBackend, mutual_synonyms
from search.interface import FacetCount, ProductQuery, Sort, price_range_label
from search.tests.fake_meilisearch import FakeMeilisearch, fake_meilisearch

SYNONYMS = {"mobile": ["phone"]}


def product(pk, title, *, price, categories, in_stock=True, attributes=None, created=0, **extra):
    return {
        "id": pk,
        "title": title,
        "description": extra.get("description", ""),
        "category_ids": list(categories),
        "category_path": extra.get("category_path", []),
        "attributes": attributes or {},
        "price": price,
        "currency": "EUR" if price is not None else None,
        "in_stock": in_stock,
        "rating": extra.get("rating"),
        "popularity": extra.get("popularity", 0),
        "date_created": created,
        "url": f"/catalogue/p-{pk}/",
    }


PHONES = "Phones > Smartphones"
CATALOGUE = [
    product(1, "iPhone 15 Pro", price=999.0, categories=[1, 2], created=1000,
            attributes={"colour": "Black", "storage": "128GB"}, category_path=[PHONES]),
    product(2, "Galaxy S24 phone", price=799.0, categories=[1, 2], created=3000,
            attributes={"colour": "Blue"}, category_path=[PHONES]),
    product(3, "USB-C Cable", price=9.99, categories=[3], created=2000, in_stock=False,
            attributes={"colour": "White"}, description="Braided, two metres"),
    product(4, "Phone Case", price=25.0, categories=[1, 4], created=4000,
            attributes={"colour": "Black"}),
    product(5, "Gift card", price=None, categories=[5], created=500),
]  # fmt: skip


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def fake():
    with FakeMeilisearch() as server:
        yield server


@pytest.fixture
def backend(fake):
    backend = MeilisearchBackend(url=fake.url, api_key="test-key", timeout=2)
    backend.setup(languages=["en", "fr"], synonyms=SYNONYMS)
    return backend


@pytest.fixture
def catalogue(backend):
    backend.products_upsert(language="en", documents=CATALOGUE)
    return backend


def search(backend, **kwargs):
    return backend.products_search(query=ProductQuery(**kwargs))


def ids(backend, **kwargs):
    return search(backend, **kwargs).ids


# -- setup and documents ----------------------------------------------------------------------


def test_setup_creates_the_indexes_with_their_settings(fake, backend):
    assert set(fake.indexes) == {"products_en", "products_fr", "pages_en", "pages_fr"}
    for uid in ("products_en", "products_fr"):
        assert fake.indexes[uid].primary_key == "id"
        settings = fake.settings(uid)
        assert settings["searchableAttributes"] == [
            "title",
            "category_path",
            "description",
            "attributes",
        ]
        assert set(settings["filterableAttributes"]) == {
            "category_ids",
            "price",
            "price_range",
            "in_stock",
            "currency",
        }
        assert set(settings["sortableAttributes"]) == {
            "price",
            "date_created",
            "popularity",
            "rating",
        }
        assert settings["typoTolerance"]["enabled"] is True
        assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
        assert settings["synonyms"] == {"mobile": ["phone"], "phone": ["mobile"]}
    assert fake.settings("pages_en")["synonyms"] == {"mobile": ["phone"], "phone": ["mobile"]}


def test_setup_again_keeps_declared_attribute_fields(fake, catalogue):
    catalogue.setup(languages=["en"], synonyms={"cable": ["cord", "lead"]})
    settings = fake.settings("products_en")
    assert {"attr_colour", "attr_storage"} <= set(settings["filterableAttributes"])
    assert settings["synonyms"] == {
        "cable": ["cord", "lead"],
        "cord": ["cable", "lead"],
        "lead": ["cable", "cord"],
    }


def test_upsert_stores_documents_with_derived_fields(fake, catalogue):
    stored = {doc["id"]: doc for doc in fake.documents("products_en")}
    assert set(stored) == {1, 2, 3, 4, 5}
    assert stored[1]["price_range"] == "500+"
    assert stored[1]["attr_colour"] == "Black" and stored[1]["attr_storage"] == "128GB"
    assert stored[1]["attributes"] == {"colour": "Black", "storage": "128GB"}
    assert stored[3]["price_range"] == "0-25"
    assert stored[4]["price_range"] == "25-50"
    assert stored[5]["price_range"] is None
    assert {"attr_colour", "attr_storage"} <= set(
        fake.settings("products_en")["filterableAttributes"]
    )
    assert fake.documents("products_fr") == []


def test_upsert_replaces_a_document(fake, catalogue):
    catalogue.products_upsert(
        language="en", documents=[product(3, "USB-C Cable 2m", price=60.0, categories=[3])]
    )
    assert ids(catalogue, text="2m") == [3]
    assert ids(catalogue, min_price=Decimal("50"), max_price=Decimal("100")) == [3]


def test_upsert_into_a_missing_index_creates_it_with_settings(fake):
    backend = MeilisearchBackend(url=fake.url, index_prefix="shop_")
    backend.products_upsert(language="de", documents=CATALOGUE[:2])
    assert fake.indexes["shop_products_de"].primary_key == "id"
    assert "attr_colour" in fake.settings("shop_products_de")["filterableAttributes"]
    assert ids(backend, language="de", attributes={"colour": ("Blue",)}) == [2]


def test_price_range_labels_and_mutual_synonyms():
    assert [price_range_label(p) for p in (None, 0, 24.99, 25, 99.5, 100, 500, 1e6)] == [
        None, "0-25", "0-25", "25-50", "50-100", "100-500", "500+", "500+",
    ]  # fmt: skip
    assert mutual_synonyms({"TV": ["television"], "television": ["telly"]}) == {
        "tv": ["television"],
        "television": ["tv", "telly"],
        "telly": ["television"],
    }


# -- text search ------------------------------------------------------------------------------


def test_text_search(catalogue):
    assert ids(catalogue, text="galaxy") == [2]
    assert ids(catalogue, text="GALAXY s24") == [2]
    assert ids(catalogue, text="iph") == [1]  # the last word is a prefix
    assert ids(catalogue, text="smartphones") == [1, 2]  # category path
    assert ids(catalogue, text="braided") == [3]  # description
    assert ids(catalogue, text="128gb") == [1]  # attribute values
    assert ids(catalogue, text="toaster") == []
    assert ids(catalogue, language="fr", text="galaxy") == []


def test_typos_are_tolerated(catalogue):
    assert ids(catalogue, text="iphnoe") == [1]
    assert ids(catalogue, text="galxay") == [2]  # 6 letters: one typo
    assert ids(catalogue, text="caes") == []  # 4 letters: none (one typo from 5, as Meilisearch)
    assert ids(catalogue, text="glxy") == []


def test_synonyms_expand_the_query(catalogue):
    assert set(ids(catalogue, text="mobile")) == {1, 2, 4}  # 1: "phones" in its category path
    assert ids(catalogue, text="mobile galaxy") == [2]
    assert ids(catalogue, text="mobile case") == [4]


# -- filters, facets, sort, pages -------------------------------------------------------------


def test_filters(catalogue):
    assert set(ids(catalogue, category_id=2)) == {1, 2}
    assert set(ids(catalogue, category_id=1)) == {1, 2, 4}
    assert set(ids(catalogue, min_price=Decimal("20"), max_price=Decimal("799"))) == {2, 4}
    assert set(ids(catalogue, min_price=Decimal("999"))) == {1}
    assert ids(catalogue, in_stock=False) == [3]
    assert set(ids(catalogue, in_stock=True)) == {1, 2, 4, 5}
    assert set(ids(catalogue, attributes={"colour": ("Black",)})) == {1, 4}
    assert set(ids(catalogue, attributes={"colour": ("Black", "White")})) == {1, 3, 4}
    assert ids(catalogue, attributes={"colour": ("Black",), "storage": ("128GB",)}) == [1]
    assert ids(catalogue, text="phone", category_id=4) == [4]


def test_filter_on_an_attribute_no_product_has_matches_nothing(catalogue):
    hits = search(catalogue, attributes={"size": ("XL",)})
    assert hits.ids == [] and hits.total == 0


def test_filter_values_are_quoted(catalogue):
    catalogue.products_upsert(
        language="en",
        documents=[
            product(9, "Tablet", price=300.0, categories=[1], attributes={"size": 'Tab 11" \\ pro'})
        ],
    )
    assert ids(catalogue, attributes={"size": ('Tab 11" \\ pro',)}) == [9]


def test_facets_count_every_match(catalogue):
    hits = search(catalogue)
    assert hits.total == 5 and hits.backend == "meilisearch"
    assert hits.facets["category"] == [
        FacetCount("1", 3),
        FacetCount("2", 2),
        FacetCount("3", 1),
        FacetCount("4", 1),
        FacetCount("5", 1),
    ]
    assert hits.facets["price_range"] == [
        FacetCount("500+", 2),
        FacetCount("0-25", 1),
        FacetCount("25-50", 1),
    ]
    assert hits.facets["in_stock"] == [FacetCount("true", 4), FacetCount("false", 1)]
    assert hits.facets["attr_colour"] == [
        FacetCount("Black", 2),
        FacetCount("Blue", 1),
        FacetCount("White", 1),
    ]
    assert hits.facets["attr_storage"] == [FacetCount("128GB", 1)]


def test_facets_follow_the_filters(catalogue):
    hits = search(catalogue, category_id=1, in_stock=True)
    assert hits.total == 3
    assert hits.facets["price_range"] == [FacetCount("500+", 2), FacetCount("25-50", 1)]
    assert hits.facets["in_stock"] == [FacetCount("true", 3)]
    assert hits.facets["attr_colour"] == [FacetCount("Black", 2), FacetCount("Blue", 1)]


def test_facets_known_to_another_process_are_returned(fake, catalogue):
    other = MeilisearchBackend(url=fake.url)  # never wrote: learns attr_* from the index
    assert "attr_colour" in search(other).facets


def test_sorts(catalogue):
    assert ids(catalogue, sort=Sort.PRICE_ASC) == [3, 4, 2, 1, 5]  # no price: last
    assert ids(catalogue, sort=Sort.PRICE_DESC) == [1, 2, 4, 3, 5]
    assert ids(catalogue, sort=Sort.NEWEST) == [4, 2, 3, 1, 5]
    assert ids(catalogue, text="phone", sort=Sort.PRICE_ASC) == [4, 2, 1]


def test_pagination(catalogue):
    first = search(catalogue, sort=Sort.PRICE_ASC, page=1, per_page=2)
    assert (first.ids, first.total, first.page, first.per_page) == ([3, 4], 5, 1, 2)
    assert ids(catalogue, sort=Sort.PRICE_ASC, page=2, per_page=2) == [2, 1]
    assert ids(catalogue, sort=Sort.PRICE_ASC, page=3, per_page=2) == [5]
    beyond = search(catalogue, sort=Sort.PRICE_ASC, page=4, per_page=2)
    assert beyond.ids == [] and beyond.total == 5


def test_delete(fake, catalogue):
    catalogue.products_delete(language="en", ids=[2, 3])
    assert ids(catalogue, text="galaxy") == []
    assert {doc["id"] for doc in fake.documents("products_en")} == {1, 4, 5}
    assert search(catalogue).total == 3
    catalogue.products_delete(language="en", ids=[])
    catalogue.products_delete(language="de", ids=[1])  # no such index: nothing to delete


def test_suggest(catalogue):
    catalogue.products_upsert(
        language="en", documents=[product(6, "Phone Case", price=19.0, categories=[4])]
    )
    assert catalogue.products_suggest(language="en", text="pho") == [
        "Galaxy S24 phone",
        "Phone Case",
    ]
    assert catalogue.products_suggest(language="en", text="pho", limit=1) == ["Galaxy S24 phone"]
    assert catalogue.products_suggest(language="en", text="iphnoe") == ["iPhone 15 Pro"]
    assert catalogue.products_suggest(language="en", text="smartphones") == []  # titles only
    assert catalogue.products_suggest(language="en", text="  ") == []


# -- pages ------------------------------------------------------------------------------------

PAGES = [
    {"id": 10, "title": "Delivery", "search_description": "Shipping times", "body": "We ship",
     "url": "/delivery/", "first_published_at": 100},
    {"id": 11, "title": "Returns", "search_description": "", "body": "Send it back within 30 days",
     "url": "/returns/", "first_published_at": None},
]  # fmt: skip


def test_pages(fake, backend):
    backend.pages_upsert(language="en", documents=PAGES)
    hits = backend.pages_search(language="en", text="shipping")
    assert (hits.ids, hits.total, hits.backend) == ([10], 1, "meilisearch")
    assert backend.pages_search(language="en", text="retrns").ids == [11]
    assert backend.pages_search(language="fr", text="shipping").ids == []
    assert backend.pages_search(language="en", text="").ids == []
    backend.pages_delete(language="en", ids=[10])
    assert backend.pages_search(language="en", text="shipping").total == 0
    assert [doc["id"] for doc in fake.documents("pages_en")] == [11]


# -- rebuild ----------------------------------------------------------------------------------


def test_rebuild_swaps_in_new_content_while_search_keeps_answering(fake, catalogue):
    catalogue.pages_upsert(language="en", documents=PAGES)
    seen_during_rebuild = []

    def batches():
        yield [product(20, "Pixel 9", price=699.0, categories=[2], attributes={"os": "Android"})]
        assert "products_en_new" in fake.indexes
        seen_during_rebuild.append(ids(catalogue, text="galaxy"))  # the live index answers
        yield [product(21, "Lightning Cable", price=15.0, categories=[3])]
        yield []

    new_pages = [{**PAGES[0], "id": 12, "title": "Shipping policy"}]
    count = catalogue.rebuild(
        language="en", product_batches=batches(), pages=new_pages, synonyms={"cable": ["cord"]}
    )

    assert count == 2
    assert seen_during_rebuild == [[2]]
    assert not [uid for uid in fake.indexes if uid.endswith("_new")]
    assert {doc["id"] for doc in fake.documents("products_en")} == {20, 21}
    assert ids(catalogue, text="galaxy") == []
    assert ids(catalogue, text="pixel") == [20]
    assert ids(catalogue, text="cord") == [21]  # the new synonyms
    assert ids(catalogue, text="pixle") == [20]  # the typo settings came along
    assert ids(catalogue, attributes={"os": ("Android",)}) == [20]
    assert "attr_os" in search(catalogue).facets
    assert "attr_colour" not in fake.settings("products_en")["filterableAttributes"]
    assert catalogue.pages_search(language="en", text="shipping").ids == [12]
    assert ids(catalogue, language="fr") == []  # other languages untouched by an en rebuild


def test_rebuild_replaces_a_stale_new_index_and_creates_missing_live_ones(fake):
    backend = MeilisearchBackend(url=fake.url)
    backend.products_upsert(language="en", documents=[CATALOGUE[0]])  # products_en exists
    backend.client.create_index("products_en_new")
    backend.client.index("products_en_new").add_documents([{"id": 99, "title": "Stale"}])

    count = backend.rebuild(
        language="en", product_batches=iter([CATALOGUE[1:3]]), pages=[], synonyms={}
    )

    assert count == 2
    assert {doc["id"] for doc in fake.documents("products_en")} == {2, 3}
    assert fake.documents("pages_en") == []  # created by the rebuild
    assert set(fake.indexes) == {"products_en", "pages_en"}


# -- failures ---------------------------------------------------------------------------------

CALLS = {
    "setup": lambda b: b.setup(languages=["en"], synonyms=SYNONYMS),
    "products_upsert": lambda b: b.products_upsert(language="en", documents=CATALOGUE),
    "products_delete": lambda b: b.products_delete(language="en", ids=[1]),
    "products_search": lambda b: b.products_search(query=ProductQuery(text="phone")),
    "products_suggest": lambda b: b.products_suggest(language="en", text="pho"),
    "pages_upsert": lambda b: b.pages_upsert(language="en", documents=PAGES),
    "pages_delete": lambda b: b.pages_delete(language="en", ids=[10]),
    "pages_search": lambda b: b.pages_search(language="en", text="delivery"),
    "rebuild": lambda b: b.rebuild(
        language="en", product_batches=[CATALOGUE], pages=PAGES, synonyms=SYNONYMS
    ),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_an_outage_raises_search_unavailable(fake, backend, call):
    fake.unavailable = True
    with pytest.raises(SearchUnavailable) as raised:
        call(backend)
    assert isinstance(raised.value.__cause__, MeilisearchApiError)
    assert raised.value.__cause__.status_code == 503


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_an_unreachable_server_raises_search_unavailable(call):
    backend = MeilisearchBackend(url=f"http://127.0.0.1:{closed_port()}", timeout=1)
    with pytest.raises(SearchUnavailable) as raised:
        call(backend)
    assert isinstance(raised.value.__cause__, MeilisearchCommunicationError)


@pytest.mark.parametrize(
    "name",
    ["setup", "products_upsert", "products_delete", "pages_upsert", "pages_delete", "rebuild"],
)
def test_a_failed_task_raises_search_unavailable(fake, backend, name):
    fake.fail_tasks = True
    with pytest.raises(SearchUnavailable, match="failed"):
        CALLS[name](backend)


def test_the_fake_still_serves_health():
    import requests

    with fake_meilisearch() as url:
        assert requests.get(f"{url}/health", timeout=2).json() == {"status": "available"}
