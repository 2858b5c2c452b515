"""Product cards: products fetched by id in the caller's order, a category's products, and their
live price and availability as Oscar's strategy gives them."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from commerce.catalogue import selectors

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.fixture
def shelf():
    """Shelf > Drawer, with three priced products (one in the drawer) and a hidden one."""
    root = Category.add_root(name="Cards Shelf", slug="cards-shelf")
    drawer = root.add_child(name="Cards Drawer", slug="cards-drawer")
    cheap = create_product(title="Cards B cheap", price=Decimal("5.00"), num_in_stock=10)
    pricey = create_product(title="Cards A pricey", price=Decimal("500.00"), num_in_stock=0)
    middle = create_product(title="Cards C middle", price=Decimal("50.00"), num_in_stock=2)
    hidden = create_product(
        title="Cards hidden", price=Decimal("1.00"), num_in_stock=1, is_public=False
    )
    for product, category in [(cheap, root), (pricey, root), (middle, drawer), (hidden, root)]:
        ProductCategory.objects.create(product=product, category=category)
    # Newest first: middle, pricey, cheap.
    for days_ago, product in enumerate([middle, pricey, cheap]):
        product.date_created = timezone.now() - datetime.timedelta(days=days_ago)
        product.save()
    return {
        "root": root,
        "drawer": drawer,
        "cheap": cheap,
        "pricey": pricey,
        "middle": middle,
        "hidden": hidden,
    }


def test_products_in_order_keep_the_callers_order_and_leave_out_what_is_not_shown(shelf):
    ids = [shelf["middle"].pk, shelf["hidden"].pk, 10**9, shelf["cheap"].pk]

    products = selectors.products_in_order(product_ids=ids)

    assert [p.pk for p in products] == [shelf["middle"].pk, shelf["cheap"].pk]


def test_products_in_order_from_a_given_queryset(shelf):
    ids = [shelf["hidden"].pk, shelf["cheap"].pk]

    products = selectors.products_in_order(
        product_ids=ids, products=selectors.products_for_listing()
    )

    assert [p.pk for p in products] == ids


def test_products_in_order_cost_the_same_queries_however_many(shelf, django_assert_num_queries):
    ids = [shelf[name].pk for name in ("cheap", "pricey", "middle")]
    # The products, their images, then the stock records of the whole list (none for variants:
    # these products are not parents).
    with django_assert_num_queries(3):
        selectors.products_in_order(product_ids=ids)
    with django_assert_num_queries(3):
        selectors.products_in_order(product_ids=ids[:1])


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("price", ["cheap", "middle", "pricey"]),
        ("-price", ["pricey", "middle", "cheap"]),
        ("title", ["pricey", "cheap", "middle"]),
        ("newest", ["middle", "pricey", "cheap"]),
        ("no such order", ["middle", "pricey", "cheap"]),
    ],
)
def test_category_products_include_subcategories_in_order(shelf, order, expected):
    products = selectors.category_products(category=shelf["root"], order=order, limit=10)

    assert [p.pk for p in products] == [shelf[name].pk for name in expected]


def test_category_products_stop_at_the_limit(shelf):
    products = selectors.category_products(category=shelf["root"], order="price", limit=2)

    assert [p.pk for p in products] == [shelf["cheap"].pk, shelf["middle"].pk]


def test_product_cards_are_priced_live_for_the_shopper(shelf, rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/en/")
    request.user = AnonymousUser()

    cheap, pricey = selectors.product_cards(
        products=[shelf["cheap"], shelf["pricey"]], request=request
    )

    assert (cheap.price, cheap.is_available, cheap.url) == (
        Decimal("5.00"),
        True,
        shelf["cheap"].get_absolute_url(),
    )
    assert cheap.currency and cheap.availability
    assert (pricey.price, pricey.is_available) == (Decimal("500.00"), False)


def test_a_product_without_a_price_has_a_card_without_one(shelf):
    shelf["cheap"].stockrecords.all().delete()
    strategy = selectors.storefront_strategy(request=None)

    card = selectors.product_card(product=shelf["cheap"], strategy=strategy)

    assert (card.price, card.currency, card.is_available) == (None, None, False)
