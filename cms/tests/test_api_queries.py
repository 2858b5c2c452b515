"""The pages API reads a number of queries that does not grow with a page's blocks or the
products they show, and runs no query twice."""

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from cms.models import ArticleIndexPage, ArticlePage, HomePageFeaturedProduct
from testkit.queries import assert_queries, queries_of

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 0


@pytest.fixture
def shop_products(priced_products):
    """Priced stand-alone products and a public parent whose variants carry the prices."""
    parent = (
        Product.objects.browsable()
        .filter(structure=Product.PARENT, children__stockrecords__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    return [*priced_products, parent]


def _body(products, *, copies: int) -> list:
    blocks = []
    for n in range(copies):
        blocks += [
            ("rich_text", f"<p>Part {n}</p>"),
            ("product", {"product": products[n % len(products)], "text": "Our pick"}),
            ("product", {"product": products[-1], "text": "A parent"}),
            ("product_carousel", {"products": products[n : n + 4] + products[-1:], "limit": 8}),
        ]
    return blocks


@pytest.fixture
def article_with(make_page):
    journal = make_page(ArticleIndexPage, title="Journal", slug="journal-queries")

    def make(body, *, slug):
        return make_page(
            ArticlePage,
            parent=journal,
            title=slug,
            slug=slug,
            date=timezone.localdate(),
            body=body,
        )

    return make


def test_page_queries_do_not_grow_with_its_blocks(client, article_with, shop_products):
    short = article_with(_body(shop_products, copies=1), slug="short")
    long = article_with(_body(shop_products, copies=6), slug="long")

    few = queries_of(client.get, f"/api/cms/pages/{short.pk}/")
    many = queries_of(client.get, f"/api/cms/pages/{long.pk}/")

    blocks = many.response.json()["body"]
    assert len(blocks) == 24
    carousels = [block["value"] for block in blocks if block["type"] == "product_carousel"]
    assert all(product["price"] for carousel in carousels for product in carousel["products"])
    assert_queries(few, at_most=few.count)
    assert_queries(many, at_most=few.count)


def test_home_page_queries_do_not_grow_with_its_featured_products(client, home, shop_products):
    HomePageFeaturedProduct.objects.filter(page=home).delete()
    few_products = [shop_products[0], shop_products[-1]]  # a stand-alone product and a parent
    for position, product in enumerate(few_products):
        HomePageFeaturedProduct.objects.create(page=home, product=product, sort_order=position)
    few = queries_of(client.get, f"/api/cms/pages/{home.pk}/")
    for position, product in enumerate(shop_products[1:-1], start=2):
        HomePageFeaturedProduct.objects.create(page=home, product=product, sort_order=position)
    many = queries_of(client.get, f"/api/cms/pages/{home.pk}/")

    assert len(many.response.json()["featured"]) == len(shop_products)
    assert_queries(few, at_most=few.count)
    assert_queries(many, at_most=few.count)


def test_page_listing_runs_no_query_twice(client, article_with, shop_products):
    few = queries_of(client.get, "/api/cms/pages/", {"fields": "*"})
    for n in range(5):
        article_with(_body(shop_products, copies=1), slug=f"listed-{n}")
    many = queries_of(client.get, "/api/cms/pages/", {"fields": "*"})

    total = few.response.json()["meta"]["total_count"]
    assert many.response.json()["meta"]["total_count"] == total + 5
    assert_queries(few, at_most=few.count)
    assert_queries(many, at_most=few.count)
