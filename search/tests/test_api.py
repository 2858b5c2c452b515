"""GET /api/search/ and /api/search/suggest/ on the demo catalogue (database backend)."""

import pytest
from oscar.core.loading import get_model

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


@pytest.fixture(autouse=True)
def database_search(settings):
    settings.MEILISEARCH_URL = ""


def test_search_returns_hits_with_api_urls_facets_and_paging(client):
    product = Product.objects.browsable().filter(structure="standalone").order_by("pk").first()
    response = client.get("/api/search/", {"q": product.title, "page_size": 5})

    assert response.status_code == 200
    body = response.json()
    assert body["backend"] == "database"
    assert body["count"] >= 1 and body["page"] == 1 and body["page_size"] == 5
    hit = next(h for h in body["results"] if h["id"] == product.pk)
    assert hit["title"] == product.get_title()
    assert hit["api_url"] == f"http://testserver/api/products/{product.pk}/"
    assert hit["price"] is not None and hit["currency"] == "EUR"
    assert {"category", "price_range", "in_stock"} <= set(body["facets"])


def test_filters_and_sort(client):
    category = Category.objects.filter(depth=1).first()
    response = client.get(
        "/api/search/",
        {
            "category": category.pk,
            "min_price": "20",
            "max_price": "300",
            "in_stock": "true",
            "sort": "price_asc",
            "page_size": 100,
        },
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert results, "the demo category has products in that price range"
    prices = [float(hit["price"]) for hit in results]
    assert prices == sorted(prices) and all(20 <= p <= 300 for p in prices)
    assert all(hit["is_available"] for hit in results)
    in_tree = set(
        Product.objects.filter(categories__in=category.get_descendants_and_self()).values_list(
            "pk", flat=True
        )
    )
    assert {hit["id"] for hit in results} <= in_tree


def test_paging_links(client):
    first = client.get("/api/search/", {"page_size": 10}).json()
    assert first["num_pages"] > 1 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["page"] == 2
    assert not {h["id"] for h in first["results"]} & {h["id"] for h in second["results"]}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"min_price": "abc"}, "min_price"),
        ({"min_price": "-1"}, "min_price"),
        ({"min_price": "50", "max_price": "10"}, "max_price"),
        ({"category": "999999"}, "category"),
        ({"category": "x"}, "category"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"sort": "cheapest"}, "sort"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
    ],
)
def test_invalid_parameters_get_400_with_field_errors(client, params, field):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]


def test_suggest_completes_titles(client):
    product = Product.objects.browsable().order_by("pk").first()
    prefix = product.title[:4]
    response = client.get("/api/search/suggest/", {"q": prefix})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert product.title in suggestions
    assert all(prefix.lower() in s.lower() for s in suggestions)


def test_suggest_needs_a_query(client):
    response = client.get("/api/search/suggest/")
    assert response.status_code == 400
    assert "q" in response.json()["errors"]


def test_a_corrected_query_is_said_and_a_right_one_is_not(client):
    misspelt = client.get("/api/search/", {"q": "headphnes"}).json()
    right = client.get("/api/search/", {"q": "headphones"}).json()

    assert misspelt["corrected_query"] == "headphones" and misspelt["count"] == right["count"] > 0
    assert right["corrected_query"] is None


def test_a_query_that_finds_nothing_is_offered_the_biggest_categories(client):
    nothing = client.get("/api/search/", {"q": "zzqxj"}).json()
    found = client.get("/api/search/", {"q": "headphones"}).json()

    assert nothing["count"] == 0 and found["suggested_categories"] == []
    offered = nothing["suggested_categories"]
    top_level = Category.objects.filter(depth=1, is_public=True)
    assert 0 < len(offered) <= 5
    assert {entry["id"] for entry in offered} <= set(top_level.values_list("pk", flat=True))
    sizes = [
        Product.objects.browsable()
        .filter(categories__path__startswith=top_level.get(pk=e["id"]).path)
        .distinct()
        .count()
        for e in offered
    ]
    assert sizes == sorted(sizes, reverse=True)
    assert all(entry["url"].startswith("/en/catalogue/category/") for entry in offered)
