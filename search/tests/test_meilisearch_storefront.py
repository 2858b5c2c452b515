"""With MEILISEARCH_URL set, the storefront and API search the index (here a FAKE Meilisearch
served over HTTP to the real client); when it is down they answer from the database."""

import logging
import socket

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from search import services
from search.tests.fake_meilisearch import FakeMeilisearch

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture
def meilisearch(settings):
    with FakeMeilisearch() as fake:
        settings.MEILISEARCH_URL = fake.url
        settings.MEILISEARCH_API_KEY = "test-key"
        services._meilisearch_backend.cache_clear()
        call_command("search_reindex", verbosity=0)
        yield fake
    services._meilisearch_backend.cache_clear()


def demo_phone():
    return Product.objects.browsable().filter(title__icontains="smartphone").order_by("pk").first()


def test_reindex_fills_one_product_index_per_language(meilisearch):
    browsable = Product.objects.browsable().count()
    for language in ("en", "fr"):
        assert len(meilisearch.documents(f"products_{language}")) == browsable
        assert meilisearch.documents(f"pages_{language}")
    assert not [uid for uid in meilisearch.indexes if uid.endswith("_new")]
    assert {"mobile", "phone"} <= set(meilisearch.settings("products_en")["synonyms"]["smartphone"])


def test_a_typo_finds_the_product(client, meilisearch):
    phone = demo_phone()
    brand = phone.title.split()[0]  # e.g. "Aurora"
    typo = brand[0] + brand[2] + brand[1] + brand[3:]  # two letters swapped
    response = client.get("/en/search/", {"q": typo})
    assert response.status_code == 200
    assert response.context["search_backend"] == "meilisearch"
    assert phone.pk in {p.pk for p in response.context["products"]}


def test_a_synonym_finds_the_product(client, meilisearch):
    phone = demo_phone()
    response = client.get("/api/search/", {"q": "mobile", "page_size": 100})
    assert response.status_code == 200
    assert response.json()["backend"] == "meilisearch"
    assert phone.pk in {hit["id"] for hit in response.json()["results"]}


def test_category_page_facets_come_from_the_index(client, meilisearch):
    category = get_model("catalogue", "Category").objects.filter(depth=1).first()
    response = client.get(category.get_absolute_url())
    assert response.status_code == 200
    assert response.context["search_backend"] == "meilisearch"
    assert response.context["has_facets"]
    facet = response.context["facet_data"]["in_stock"]["results"][0]
    followed = client.get(facet["select_url"])
    assert followed.status_code == 200
    assert followed.context["paginator"].count == facet["count"]


def test_search_answers_from_the_database_when_meilisearch_is_down(client, settings, caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    settings.MEILISEARCH_URL = f"http://127.0.0.1:{closed}"
    # Every request must reach the search backend, not the response cache.
    settings.RESPONSE_CACHE_SECONDS = 0
    services._meilisearch_backend.cache_clear()
    services._Fallback.down = False
    phone = demo_phone()
    with caplog.at_level(logging.ERROR, logger="search.services"):
        for _ in range(3):
            response = client.get("/en/search/", {"q": phone.title.split()[0]})
            assert response.status_code == 200
            assert response.context["search_backend"] == "database"
            assert phone.pk in {p.pk for p in response.context["products"]}
    outage_logs = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(outage_logs) == 1  # logged once per outage, not per request
    services._meilisearch_backend.cache_clear()


def test_merchandiser_edits_synonyms_and_they_reach_the_index(
    client, meilisearch, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="merchandiser@example.com"))
    assert client.get("/dashboard/search/synonyms/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/search/synonyms/", {"synonyms": "sofa, couch"})
    assert response.status_code == 302
    assert meilisearch.settings("products_en")["synonyms"]["couch"] == ["sofa"]


def test_editors_and_customers_cannot_edit_synonyms(client):
    from django.contrib.auth import get_user_model

    for email in ("editor@example.com", "customer@example.com"):
        client.force_login(get_user_model().objects.get(email=email))
        assert client.get("/dashboard/search/synonyms/").status_code in (302, 403)
