"""The catalogue API reads a fixed number of queries, however many products it shows: prices
and availability of a list come from one prefetch, the product detail reads each relation once
for the product and all its variants, and no query runs twice."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation
from oscar.core.loading import get_model
from oscarapi.views.product import ProductDetail as OscarApiProductDetail
from rest_framework.pagination import PageNumberPagination

from testkit.queries import assert_queries, queries_of

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Option = get_model("catalogue", "Option")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductAttribute = get_model("catalogue", "ProductAttribute")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductRecommendation = get_model("catalogue", "ProductRecommendation")
StockRecord = get_model("partner", "StockRecord")

PRODUCT_DETAIL_QUERIES = 6


@pytest.fixture(autouse=True)
def _no_response_cache(settings):
    settings.RESPONSE_CACHE_SECONDS = 0


@pytest.fixture
def page_size(monkeypatch):
    def set_size(size: int) -> None:
        monkeypatch.setattr(PageNumberPagination, "page_size", size)

    return set_size


@pytest.fixture
def clothing(db):
    """A category with 55 priced products, parents with priced variants among the first five."""
    partner = Partner.objects.order_by("pk").first()
    product_class = ProductClass.objects.order_by("pk").first()
    with translation.override("en"):
        category = Category.add_root(name="Many", slug="many")
        for index in range(55):
            is_parent = index % 4 == 0
            product = Product.objects.create(
                title=f"Many {index:02}",
                slug=f"many-{index}",
                product_class=product_class,
                structure=Product.PARENT if is_parent else Product.STANDALONE,
            )
            ProductCategory.objects.create(product=product, category=category)
            buyable = [product]
            if is_parent:
                buyable = [
                    Product.objects.create(
                        title=f"Many {index:02} v{n}",
                        slug=f"many-{index}-v{n}",
                        structure=Product.CHILD,
                        parent=product,
                    )
                    for n in range(3)
                ]
            for item in buyable:
                StockRecord.objects.create(
                    product=item,
                    partner=partner,
                    partner_sku=f"MANY-{item.pk}",
                    price="10.00",
                    num_in_stock=5,
                )
    return category


def test_product_list_queries_do_not_grow_with_the_page(client, page_size):
    page_size(5)
    small = queries_of(client.get, "/api/products/")
    page_size(50)
    big = queries_of(client.get, "/api/products/")
    assert len(big.response.json()["results"]) == 50
    assert_queries(small, at_most=small.count)
    assert_queries(big, at_most=small.count)


def test_catalogue_products_price_a_page_with_one_prefetch(client, clothing, page_size):
    url = f"/api/catalogue/products/?category={clothing.pk}&sort=title"
    page_size(5)
    small = queries_of(client.get, url)
    page_size(50)
    big = queries_of(client.get, url)
    results = big.response.json()["results"]
    assert len(results) == 50
    assert {item["price"] for item in results} == {"10.00"}
    assert all(item["is_available"] for item in results)
    assert_queries(small, at_most=small.count)
    assert big.count == small.count
    stock_record_reads = [sql for sql in big.sql if sql.startswith('SELECT "partner_stockrecord"')]
    # The products' and the parents' variants' together, once for the whole page.
    assert len(stock_record_reads) == 1, big.listing()


def _original_body(pk: int, language: str = "en") -> dict:
    """What django-oscar-api's own view answers for the product."""
    request = RequestFactory().get(f"/api/products/{pk}/", HTTP_ACCEPT_LANGUAGE=language)
    request.user = AnonymousUser()
    with translation.override(language):
        response = OscarApiProductDetail.as_view()(request, pk=pk)
        response.render()
    return json.loads(response.content)


@pytest.fixture
def rich_parent(db):
    """A parent with variants, images, attributes, nested categories, recommendations and
    options of its class and of its own."""
    parent = (
        Product.objects.filter(structure=Product.PARENT, children__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    product_class = parent.product_class
    with translation.override("en"):
        class_option = Option.objects.create(name="Gift wrap", code="gift-wrap", order=2)
        own_option = Option.objects.create(name="Engraving", code="engraving", order=1)
        ProductAttribute.objects.create(
            product_class=product_class, name="Material", code="material", type="text"
        )
        root = Category.add_root(name="Gifts", slug="gifts")
        leaf = root.add_child(name="For her", slug="for-her").add_child(name="Tops", slug="tops")
    product_class.options.add(class_option)
    parent.product_options.add(own_option)
    ProductCategory.objects.create(product=parent, category=leaf)
    for recommended in Product.objects.browsable().exclude(pk=parent.pk).order_by("pk")[:3]:
        ProductRecommendation.objects.create(primary=parent, recommendation=recommended)
    parent.attr.material = "Cotton"
    parent.save()
    child = parent.children.order_by("pk").first()
    child.attr.initialize()
    child.attr.material = "Wool"
    child.save()
    return parent


def test_standalone_product_detail(client):
    product = (
        Product.objects.filter(
            structure=Product.STANDALONE, images__isnull=False, attribute_values__isnull=False
        )
        .distinct()
        .order_by("pk")
        .first()
    )
    measured = queries_of(client.get, f"/api/products/{product.pk}/")
    assert measured.response.status_code == 200
    body = measured.response.json()
    assert body["images"] and body["attributes"] and body["categories"]
    assert body == _original_body(product.pk)
    assert_queries(measured, at_most=PRODUCT_DETAIL_QUERIES)


def test_parent_product_detail_does_not_grow_with_its_variants(client, rich_parent):
    url = f"/api/products/{rich_parent.pk}/"
    before = queries_of(client.get, url)
    body = before.response.json()
    assert body["children"] and body["options"] and body["recommended_products"]
    assert "Gifts > For her > Tops" in body["categories"]
    assert body == _original_body(rich_parent.pk)
    assert _original_body(rich_parent.pk, "fr") == client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()
    assert_queries(before, at_most=PRODUCT_DETAIL_QUERIES + 1)  # its own options: one more

    for n in range(5):
        Product.objects.create(
            title=f"Extra {n}", slug=f"extra-{n}", structure=Product.CHILD, parent=rich_parent
        )
    after = queries_of(client.get, url)
    assert len(after.response.json()["children"]) == len(body["children"]) + 5
    assert after.count == before.count
    assert_queries(after, at_most=before.count)


def test_variant_detail_matches_django_oscar_api(client, rich_parent):
    child = rich_parent.children.order_by("pk").first()
    measured = queries_of(client.get, f"/api/products/{child.pk}/")
    assert measured.response.json() == _original_body(child.pk)
    assert_queries(measured, at_most=PRODUCT_DETAIL_QUERIES)


def test_unknown_product_is_404(client):
    assert client.get("/api/products/999999999/").status_code == 404


def test_category_tree_runs_no_query_twice(client):
    measured = queries_of(client.get, "/api/categories/tree/")
    assert measured.response.status_code == 200
    assert_queries(measured, at_most=measured.count)
