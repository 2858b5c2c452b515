"""GET /api/categories/tree/ and /api/catalogue/products/ on the demo shop plus a small tree."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_product
from rest_framework.pagination import PageNumberPagination

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

TREE_URL = "/api/categories/tree/"
PRODUCTS_URL = "/api/catalogue/products/"


@pytest.fixture
def tree():
    """Gadgets > Audio > Earbuds, with products at several levels."""
    root = Category.add_root(name="Api Gadgets", slug="api-gadgets")
    mid = root.add_child(name="Api Audio", slug="api-audio")
    leaf = mid.add_child(name="Api Earbuds", slug="api-earbuds")
    hidden = mid.add_child(name="Api Hidden", slug="api-hidden", is_public=False)
    cheap = create_product(title="Api Zeta buds", price=Decimal("5.00"), num_in_stock=10)
    middle = create_product(title="Api Mid speaker", price=Decimal("50.00"), num_in_stock=0)
    pricey = create_product(title="Api Alpha buds", price=Decimal("500.00"), num_in_stock=3)
    private = create_product(
        title="Api Private", price=Decimal("7.00"), num_in_stock=1, is_public=False
    )
    for product, category in [
        (cheap, leaf),
        (pricey, leaf),
        (pricey, mid),  # in two categories of the same branch: counted once
        (middle, mid),
        (private, leaf),  # not browsable: not counted
        (cheap, hidden),
    ]:
        ProductCategory.objects.create(product=product, category=category)
    return {
        "root": root,
        "mid": mid,
        "leaf": leaf,
        "cheap": cheap,
        "middle": middle,
        "pricey": pricey,
    }


def _all_roots(client):
    roots, url = [], TREE_URL
    while url:
        body = client.get(url).json()
        roots += body["results"]
        url = body["next"]
    return roots


# --- Category tree ---------------------------------------------------------------------------


def test_the_tree_nests_categories_and_counts_products_of_descendants(client, tree):
    root = next(r for r in _all_roots(client) if r["id"] == tree["root"].pk)

    assert root["slug"] == "api-gadgets" and root["name"] == "Api Gadgets"
    assert root["url"].startswith("http://testserver/") and "api-gadgets" in root["url"]
    assert root["product_count"] == 3
    [mid] = root["children"]  # the non-public category is left out
    assert mid["id"] == tree["mid"].pk and mid["product_count"] == 3
    [leaf] = mid["children"]
    assert leaf["product_count"] == 2 and leaf["children"] == []
    assert "api-gadgets/api-audio/api-earbuds" in leaf["url"]
    assert leaf["url"].endswith(tree["leaf"].get_absolute_url())


def test_demo_counts_add_up_from_the_leaves(client):
    """On the demo catalogue a leaf's products count for every ancestor."""
    root = next(r for r in _all_roots(client) if r["children"])
    assert root["product_count"] >= max(child["product_count"] for child in root["children"])
    assert root["product_count"] > 0


def test_the_tree_is_read_in_a_bounded_number_of_queries(
    client, tree, django_assert_max_num_queries
):
    # More categories do not mean more queries.
    for index in range(10):
        tree["leaf"].add_child(name=f"Api Leaf {index}", slug=f"api-leaf-{index}")
    with django_assert_max_num_queries(4):
        response = client.get(TREE_URL)
    assert response.status_code == 200


def test_the_top_level_is_paginated(client, tree, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    body = client.get(TREE_URL).json()

    assert {"count", "next", "previous", "results"} <= set(body)
    assert body["count"] == Category.objects.browsable().filter(depth=1).count() >= 2
    assert len(body["results"]) == 1 and body["next"].endswith("?page=2")
    assert client.get(body["next"]).json()["previous"] is not None


# --- Product list ----------------------------------------------------------------------------


def _ids(client, **params):
    response = client.get(PRODUCTS_URL, {"category": params.pop("category"), **params})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


def test_products_are_priced_live_and_paginated(client, tree):
    body = client.get(PRODUCTS_URL).json()

    assert {"count", "next", "previous", "results"} <= set(body)
    assert body["count"] >= 3 and len(body["results"]) <= 50
    item = next(i for i in body["results"] if i["id"] == tree["cheap"].pk)
    assert item["title"] == "Api Zeta buds"
    assert Decimal(item["price"]) >= Decimal("5.00") and item["currency"]
    assert item["is_available"] is True
    assert item["api_url"] == f"http://testserver/api/products/{tree['cheap'].pk}/"
    middle = next(i for i in body["results"] if i["id"] == tree["middle"].pk)
    assert middle["is_available"] is False


def test_filter_by_category_includes_descendants(client, tree):
    p = tree
    assert set(_ids(client, category=p["root"].pk)) == {
        p["cheap"].pk,
        p["middle"].pk,
        p["pricey"].pk,
    }
    assert set(_ids(client, category=p["leaf"].pk)) == {p["cheap"].pk, p["pricey"].pk}


def test_filter_by_price(client, tree):
    p = tree
    root = p["root"].pk
    assert set(_ids(client, category=root, min_price="10")) == {p["middle"].pk, p["pricey"].pk}
    assert _ids(client, category=root, max_price="10") == [p["cheap"].pk]
    assert _ids(client, category=root, min_price="50", max_price="50") == [p["middle"].pk]


def test_filter_by_stock(client, tree):
    p = tree
    root = p["root"].pk
    assert set(_ids(client, category=root, in_stock="true")) == {p["cheap"].pk, p["pricey"].pk}
    assert _ids(client, category=root, in_stock="false") == [p["middle"].pk]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price", ["cheap", "middle", "pricey"]),
        ("-price", ["pricey", "middle", "cheap"]),
        ("title", ["pricey", "middle", "cheap"]),  # Alpha, Mid, Zeta
        ("newest", ["pricey", "middle", "cheap"]),
    ],
)
def test_sorts(client, tree, sort, expected):
    assert _ids(client, category=tree["root"].pk, sort=sort) == [tree[k].pk for k in expected]


def test_newest_is_the_default_order(client, tree):
    assert _ids(client, category=tree["root"].pk) == _ids(
        client, category=tree["root"].pk, sort="newest"
    )


def test_the_demo_catalogue_sorted_by_price(client):
    body = client.get(PRODUCTS_URL, {"sort": "price", "in_stock": "true"}).json()
    prices = [Decimal(i["price"]) for i in body["results"] if i["price"] is not None]
    assert body["count"] > 0 and prices == sorted(prices)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "cheapest"}, "sort"),
        ({"min_price": "abc"}, "min_price"),
        ({"max_price": "-1"}, "max_price"),
        ({"in_stock": "maybe"}, "in_stock"),
        ({"category": "999999"}, "category"),
        ({"category": "audio"}, "category"),
        ({"min_price": "20", "max_price": "10"}, "max_price"),
    ],
)
def test_bad_parameters_answer_400_naming_the_field(client, params, field):
    response = client.get(PRODUCTS_URL, params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["message"]
    assert list(body["errors"]) == [field]
