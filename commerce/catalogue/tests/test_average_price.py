"""GET /api/categories/<id>/average-price/: per currency, descendants included."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from oscar.test.factories import create_product, create_stockrecord

from commerce.catalogue import selectors

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")


def url(category_id) -> str:
    return f"/api/categories/{category_id}/average-price/"


@pytest.fixture
def tree():
    """Avg Root > Avg Leaf, with products priced in EUR and USD at both levels."""
    root = Category.add_root(name="Avg Root", slug="avg-root")
    leaf = root.add_child(name="Avg Leaf", slug="avg-leaf")
    other = Category.add_root(name="Avg Other", slug="avg-other")
    hidden = root.add_child(name="Avg Hidden", slug="avg-hidden", is_public=False)

    def product(title, price, category, currency="EUR", **kwargs):
        item = create_product(title=title, price=Decimal(price), **kwargs)
        item.stockrecords.update(price_currency=currency)
        ProductCategory.objects.create(product=item, category=category)
        return item

    product("Avg A", "10.00", root)
    product("Avg B", "20.00", leaf)
    product("Avg C", "5.01", leaf)
    product("Avg D", "7.00", leaf, currency="USD")
    product("Avg Private", "1000.00", leaf, is_public=False)  # not purchasable
    product("Avg Elsewhere", "999.00", other)

    # A parent (no price of its own) with two variants: the variants' prices count.
    shirts = ProductClass.objects.create(name="Avg shirts", slug="avg-shirts")
    parent = Product.objects.create(
        title="Avg Shirt", structure=Product.PARENT, product_class=shirts, upc="AVG-SHIRT"
    )
    ProductCategory.objects.create(product=parent, category=leaf)
    for sku, price in (("AVG-S", "30.00"), ("AVG-M", "40.00")):
        child = Product.objects.create(title=sku, structure=Product.CHILD, parent=parent, upc=sku)
        create_stockrecord(child, price=Decimal(price), num_in_stock=1)
    # A second partner's stock record for the same product: one more price, same product.
    create_stockrecord(
        Product.objects.get(title="Avg B"), price=Decimal("22.00"), partner_name="Avg partner"
    )
    return {"root": root, "leaf": leaf, "other": other, "hidden": hidden}


def test_average_over_the_category_and_its_descendants_per_currency(client, tree):
    response = client.get(url(tree["root"].pk))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["category"] == {"id": tree["root"].pk, "name": "Avg Root"}
    # EUR: 10 + 20 + 22 + 5.01 + 30 + 40 over 6 stock records = 21.168...; 5 products.
    assert body["averages"] == [
        {"currency": "EUR", "average_price": "21.17", "product_count": 5},
        {"currency": "USD", "average_price": "7.00", "product_count": 1},
    ]


def test_a_subcategory_counts_only_its_own_subtree(client, tree):
    body = client.get(url(tree["leaf"].pk)).json()
    eur = next(a for a in body["averages"] if a["currency"] == "EUR")
    # 20 + 22 + 5.01 + 30 + 40 over 5 records = 23.402; 4 products.
    assert eur == {"currency": "EUR", "average_price": "23.40", "product_count": 4}


def test_a_category_without_prices_answers_an_empty_list(client):
    empty = Category.add_root(name="Avg Empty", slug="avg-empty")
    body = client.get(url(empty.pk)).json()
    assert body["averages"] == []


def test_unknown_or_hidden_category_is_404_in_the_api_format(client, tree):
    for category_id in (999_999_999, tree["hidden"].pk):
        response = client.get(url(category_id))
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
        assert set(response.json()) == {"code", "message", "errors"}


def test_the_route_is_ours_not_django_oscar_apis_breadcrumbs(client, tree):
    from django.urls import resolve

    match = resolve(url(tree["root"].pk))
    assert match.url_name == "api-category-average-price"


def test_the_selector_rounds_half_up():
    root = Category.add_root(name="Avg Round", slug="avg-round")
    for price in ("0.01", "0.02"):
        item = create_product(title=f"Avg {price}", price=Decimal(price))
        ProductCategory.objects.create(product=item, category=root)
    (average,) = selectors.category_average_prices(category_id=root.pk).averages
    assert average.average_price == Decimal("0.02")
    assert average.product_count == 2
