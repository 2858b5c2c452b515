"""Queries of the home page and of product pages, counted on a second request (what a process
keeps for its life is warm), without the page cache."""

import pytest
from oscar.core.loading import get_model

from testkit.queries import assert_queries, queries_of

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
ProductReview = get_model("reviews", "ProductReview")

# Wagtail serving the page (site, locale, page, view restrictions: 5), the featured products
# (products, images, variants of parents, stock records: 4), the layout (categories, footer
# setting, and one query for the menu pages, the footer's pages and the page's translations: 3).
HOME_PAGE_QUERIES = 12
# The product with its class, option flags, review count, breadcrumb category and whether it
# has recommendations (1), its images (1), stock records (1; a parent's public variants and
# theirs: 2), attribute values (1), the view count (1), the Wagtail story (1), the visitor's
# recently viewed products (1), the layout (site, categories, footer setting, pages: 4).
PRODUCT_PAGE_QUERIES = 12


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 0


@pytest.fixture
def parent_product(db):
    """A browsable parent product whose public variants have stock records."""
    return (
        Product.objects.browsable()
        .filter(structure=Product.PARENT, children__stockrecords__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )


def test_home_page_runs_each_query_once_within_its_budget(client, home):
    measured = queries_of(client.get, "/en/")

    assert measured.response.status_code == 200
    assert_queries(measured, at_most=HOME_PAGE_QUERIES)


def test_product_page_runs_each_query_once_within_its_budget(client, product):
    measured = queries_of(client.get, product.get_absolute_url())

    assert measured.response.status_code == 200
    assert_queries(measured, at_most=PRODUCT_PAGE_QUERIES)


def test_parent_product_page_costs_the_same_however_many_variants(client, parent_product):
    variants = list(parent_product.children.all())
    assert len(variants) > 1
    measured = queries_of(client.get, parent_product.get_absolute_url())

    assert measured.response.status_code == 200
    html = measured.response.content.decode()
    for variant in variants:
        assert variant.get_absolute_url() in html
    assert_queries(measured, at_most=PRODUCT_PAGE_QUERIES)


def test_variant_page_runs_each_query_once(client, parent_product):
    variant = parent_product.children.order_by("pk").first()
    measured = queries_of(client.get, variant.get_absolute_url())

    assert measured.response.status_code == 200
    # A variant without images of its own shows its parent's (a query more), and its attribute
    # values are merged with its parent's (a query more).
    assert_queries(measured, at_most=PRODUCT_PAGE_QUERIES + 2)


def test_recommendations_and_reviews_cost_the_same_however_many(
    client, product, priced_products, superuser
):
    ProductReview.objects.create(
        product=product,
        user=superuser,
        score=4,
        title="Solid",
        body="Does what it says.",
        status=ProductReview.APPROVED,
    )
    recommended = priced_products[1:4]
    ProductRecommendation.objects.create(primary=product, recommendation=recommended[0], ranking=1)
    one = queries_of(client.get, product.get_absolute_url())
    for ranking, other in enumerate(recommended[1:], start=2):
        ProductRecommendation.objects.create(primary=product, recommendation=other, ranking=ranking)
    many = queries_of(client.get, product.get_absolute_url())

    html = many.response.content.decode()
    assert "Recommended items" in html and "Solid" in html
    # Highest ranking first, as Oscar orders them.
    positions = [html.index(other.get_absolute_url()) for other in reversed(recommended)]
    assert positions == sorted(positions)
    assert many.count == one.count, f"1: {one.listing()}\n3: {many.listing()}"
    # The recommendation ids, their products, images and stock records; the reviews shown.
    assert_queries(many, at_most=PRODUCT_PAGE_QUERIES + 5)
