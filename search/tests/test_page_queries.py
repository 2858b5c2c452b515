"""The catalogue and category pages run a fixed number of queries, however many products a page
shows: prices, availability, images and options of the whole list come from prefetches."""

from decimal import Decimal

import pytest
from django.utils import translation
from oscar.core.loading import get_model

from search.services import search_index_flush
from testkit.queries import assert_queries, queries_of

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

CATEGORY_PAGE_QUERIES = 14


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 0


@pytest.fixture
def crowded_category(db):
    """A category with 55 priced products in stock, the two newest of them parents with priced
    variants (so that they are on the first page)."""
    partner = Partner.objects.order_by("pk").first()
    product_class = ProductClass.objects.order_by("pk").first()
    with translation.override("en"):
        category = Category.add_root(name="Crowded", slug="crowded")
        sub = category.add_child(name="Crowded sub", slug="crowded-sub")
        for index in range(55):
            is_parent = index >= 53
            product = Product.objects.create(
                title=f"Crowded {index}",
                slug=f"crowded-{index}",
                product_class=product_class,
                structure=Product.PARENT if is_parent else Product.STANDALONE,
            )
            ProductCategory.objects.create(product=product, category=sub)
            variants = (
                [
                    Product.objects.create(
                        title=f"Crowded {index} v{n}",
                        slug=f"crowded-{index}-v{n}",
                        structure=Product.CHILD,
                        parent=product,
                    )
                    for n in range(2)
                ]
                if is_parent
                else [product]
            )
            for variant in variants:
                StockRecord.objects.create(
                    product=variant,
                    partner=partner,
                    partner_sku=f"CROWDED-{variant.slug}",
                    price=Decimal("10.00") + index,
                    num_in_stock=5,
                )
    search_index_flush()  # what the worker does once the products are committed
    return category


def _category_queries(client, settings, category, per_page: int):
    settings.OSCAR_PRODUCTS_PER_PAGE = per_page
    measured = queries_of(client.get, category.get_absolute_url())
    assert measured.response.status_code == 200
    assert measured.response.content.decode().count('class="product_pod"') == per_page
    return measured


def test_category_page_queries_do_not_grow_with_the_page_size(client, settings, crowded_category):
    few = _category_queries(client, settings, crowded_category, per_page=5)
    many = _category_queries(client, settings, crowded_category, per_page=50)

    assert_queries(many, at_most=CATEGORY_PAGE_QUERIES)
    assert many.count == few.count, f"5 products: {few.listing()}\n50 products: {many.listing()}"


def test_catalogue_queries_do_not_grow_with_the_page_size(client, settings, crowded_category):
    counts = []
    for per_page in (5, 50):
        settings.OSCAR_PRODUCTS_PER_PAGE = per_page
        measured = queries_of(client.get, "/en/catalogue/")
        assert measured.response.status_code == 200
        assert measured.response.content.decode().count('class="product_pod"') == per_page
        assert not measured.duplicates, measured.listing()
        counts.append(measured)

    few, many = counts
    assert many.count == few.count, f"5 products: {few.listing()}\n50 products: {many.listing()}"


def test_list_prices_come_from_the_stock_records(client, settings, crowded_category):
    settings.OSCAR_PRODUCTS_PER_PAGE = 50
    html = client.get(crowded_category.get_absolute_url()).content.decode()

    # A standalone product's own price, and a parent's from its variants.
    assert "62.00" in html  # Crowded 52
    assert "64.00" in html  # Crowded 54, a parent
