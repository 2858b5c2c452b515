"""/api/search/ prices its page of results from one prefetch and runs no query twice."""

import pytest

from testkit.queries import assert_queries, queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database_search(settings):
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.MEILISEARCH_URL = ""


def test_search_queries_do_not_grow_with_the_page(client):
    small = queries_of(client.get, "/api/search/", {"q": "", "page_size": 20})
    big = queries_of(client.get, "/api/search/", {"q": "", "page_size": 100})

    results = big.response.json()["results"]
    assert len(results) > 50
    assert all("price" in item for item in results)
    assert_queries(small, at_most=small.count)
    assert_queries(big, at_most=small.count)
    stock_record_reads = [sql for sql in big.sql if sql.startswith('SELECT "partner_stockrecord"')]
    assert len(stock_record_reads) == 1, big.listing()


def test_search_with_text_runs_no_query_twice(client):
    measured = queries_of(client.get, "/api/search/", {"q": "phone"})
    assert measured.response.status_code == 200
    assert_queries(measured, at_most=measured.count)
