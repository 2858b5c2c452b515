"""One contract, two backends: the same documents and queries give the same answers from the
database index (on this run's database) and from Meilisearch (the test fake, over HTTP).

Known difference, not tested here: the database index matches a query's words in every
language's rows, Meilisearch in the language's own index (search/backends/database.py)."""

from __future__ import annotations

import pytest

from search.backends.database import DatabaseBackend
from search.backends.meilisearch import MeilisearchBackend
from search.interface import ProductQuery, Sort
from search.models import IndexWord, ProductIndexEntry, SearchSettings
from search.tests.fake_meilisearch import FakeMeilisearch

pytestmark = pytest.mark.django_db

SYNONYMS = {"mobile": ["phone"], "phone": ["mobile"]}


def product(pk, title, *, price, categories, created, attributes=None, in_stock=True, **extra):
    return {
        "id": pk,
        "title": title,
        "description": extra.get("description", ""),
        "category_ids": categories,
        "category_path": extra.get("category_path", []),
        "attributes": attributes or {},
        "price": price,
        "currency": "EUR",
        "in_stock": in_stock,
        "rating": None,
        "popularity": 0,
        "date_created": created,
        "url": f"/catalogue/p-{pk}/",
    }


DOCUMENTS = [
    product(1, "Aurora X5 smartphone", price=799.0, categories=[1, 2], created=1000,
            attributes={"colour": ["Black", "Blue"]}, category_path=["Phones > Smartphones"]),
    product(2, "Brewster espresso machine", price=349.0, categories=[3], created=2000,
            attributes={"colour": ["Steel"]}, description="Café crème at home"),
    product(3, "Sonata wireless headphones", price=129.0, categories=[4], created=3000,
            attributes={"colour": ["Black"]}, in_stock=False),
    product(4, "Aurora phone case", price=19.0, categories=[1, 5], created=4000,
            attributes={"colour": ["Blue"]}),
    product(5, "Espresso cups, set of two", price=24.0, categories=[3], created=5000),
]  # fmt: skip

QUERIES = [
    {"text": "aurora"},  # exact
    {"text": "espreso"},  # misspelt: one typo from 5 letters
    {"text": "headphnes"},  # misspelt
    {"text": "cafe"},  # the accent of "Café" does not matter
    {"text": "café creme"},
    {"text": "mobile"},  # a synonym of "phone"
    {"text": "auro"},  # the last word may be unfinished
    {"text": "aurora", "sort": Sort.PRICE_ASC},
    {"text": "", "sort": Sort.PRICE_DESC},
    {"text": "", "sort": Sort.NEWEST, "in_stock": True},
    {"text": "", "category_id": 1},
    {"text": "", "attributes": {"colour": ("Blue",)}},
    {"text": "zzzz"},
]


@pytest.fixture
def database():
    ProductIndexEntry.objects.all().delete()
    IndexWord.objects.all().delete()
    SearchSettings.objects.update_or_create(pk=1, defaults={"synonyms": "mobile, phone"})
    backend = DatabaseBackend()
    backend.products_upsert(language="en", documents=DOCUMENTS)
    return backend


@pytest.fixture
def meilisearch():
    with FakeMeilisearch() as server:
        backend = MeilisearchBackend(url=server.url, api_key="test-key", timeout=2)
        backend.setup(languages=["en"], synonyms=SYNONYMS)
        backend.products_upsert(language="en", documents=DOCUMENTS)
        yield backend


def answer(backend, fields):
    hits = backend.products_search(query=ProductQuery(language="en", per_page=50, **fields))
    ordered = fields.get("sort", Sort.RELEVANCE) != Sort.RELEVANCE
    return {
        "ids": hits.ids if ordered else sorted(hits.ids),
        "total": hits.total,
        "facets": {
            name: sorted((count.value, count.count) for count in counts)
            for name, counts in hits.facets.items()
            if counts
        },
    }


@pytest.mark.parametrize("fields", QUERIES, ids=lambda fields: repr(fields))
def test_both_backends_give_the_same_answer(database, meilisearch, fields):
    expected = answer(meilisearch, fields)
    assert answer(database, fields) == expected
    if fields["text"] not in ("zzzz",):
        assert expected["total"] > 0, "a query of the contract must find something"
