"""Reads for pages: the Oscar objects a page points at, fetched in as few queries as possible.

Prices and availability are never stored in pages: ``product_cards`` asks Oscar's pricing strategy
for the requesting shopper each time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import F, Min
from django.db.models.functions import Coalesce
from oscar.core.loading import get_class, get_model
from wagtail.models import Locale

if TYPE_CHECKING:
    from django.http import HttpRequest

    from cms.models import CategoryLandingPage, HomePage, ProductPage

Selector = get_class("partner.strategy", "Selector")

# Orders a product carousel over a category can take (block choice value -> ordering).
CAROUSEL_ORDERS = {
    "newest": ("-date_created", "pk"),
    "price": (F("min_price").asc(nulls_last=True), "pk"),
    "-price": (F("min_price").desc(nulls_last=True), "pk"),
    "title": ("title", "pk"),
}


@dataclass(frozen=True)
class ProductCard:
    """What a product card shows, priced live for one shopper."""

    product: Any
    price: Decimal | None
    currency: str | None
    is_available: bool
    availability: str
    url: str


def _card_queryset():
    return (
        get_model("catalogue", "Product")
        .objects.browsable()
        .select_related("product_class", "parent")
        .prefetch_related("images", "stockrecords", "children__stockrecords")
    )


def home_featured_products(*, page: HomePage) -> list:
    """The page's featured products in editor order, public ones only, ready for product cards."""
    chosen_ids = list(page.featured_products.values_list("product_id", flat=True))
    return products_in_order(product_ids=chosen_ids)


def products_in_order(*, product_ids: Sequence[int]) -> list:
    """Browsable products with these ids, in this order, in one query (plus prefetches)."""
    by_id = {product.pk: product for product in _card_queryset().filter(pk__in=product_ids)}
    return [by_id[pk] for pk in product_ids if pk in by_id]


def carousel_products(
    *, product_ids: Sequence[int] = (), category=None, limit: int = 8, order: str = "newest"
) -> list:
    """A carousel's products: the chosen ones in editor order, else the category's (subcategories
    included) in ``order``; at most ``limit``, one query plus prefetches."""
    if product_ids:
        return products_in_order(product_ids=list(product_ids))[:limit]
    if category is None:
        return []
    in_category = get_model("catalogue", "ProductCategory").objects.filter(
        category__path__startswith=category.path, category__depth__gte=category.depth
    )
    products = _card_queryset().filter(pk__in=in_category.values("product_id"))
    if order in ("price", "-price"):
        products = products.annotate(
            min_price=Coalesce(Min("stockrecords__price"), Min("children__stockrecords__price"))
        )
    return list(products.order_by(*CAROUSEL_ORDERS.get(order, CAROUSEL_ORDERS["newest"]))[:limit])


def storefront_strategy(*, request: HttpRequest | None):
    """Oscar's pricing strategy for the shopper making ``request`` (anonymous without one)."""
    user = getattr(request, "user", None)
    return Selector().strategy(request=request, user=user)


def product_card(*, product, strategy) -> ProductCard:
    """The live price and availability of one product, as Oscar's strategy gives them."""
    info = (
        strategy.fetch_for_parent(product)
        if product.is_parent
        else strategy.fetch_for_product(product)
    )
    price = info.price
    amount = None
    if price.exists:
        amount = price.incl_tax if price.is_tax_known else price.excl_tax
    return ProductCard(
        product=product,
        price=amount,
        currency=price.currency if price.exists else None,
        is_available=info.availability.is_available_to_buy,
        availability=str(info.availability.short_message),
        url=product.get_absolute_url(),
    )


def product_cards(*, products: Iterable, request: HttpRequest | None) -> list[ProductCard]:
    strategy = storefront_strategy(request=request)
    return [product_card(product=product, strategy=strategy) for product in products]


def product_story_page(*, product) -> ProductPage | None:
    """The live story page of ``product`` in the active language, else in the default one."""
    from cms.models import ProductPage

    return _localized(ProductPage.objects.filter(product=product))


def category_landing_page(*, category) -> CategoryLandingPage | None:
    """The live landing page of ``category`` in the active language, else in the default one."""
    from cms.models import CategoryLandingPage

    return _localized(CategoryLandingPage.objects.filter(category=category))


def menu_pages(*, site) -> list:
    """Live pages shown in menus: children of the site's home page in the active language (the
    home page itself when it has no live translation in it), in tree order."""
    return list(site.root_page.localized.get_children().live().in_menu())


def page_translations(*, page) -> dict[str, Any]:
    """The page and its live translations, by language code."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return {translated.locale.language_code: translated for translated in translations}


def _localized(pages):
    by_locale = {page.locale_id: page for page in pages.live().public()}
    if not by_locale:
        return None
    for locale_id in (_locale_id(Locale.get_active), _locale_id(Locale.get_default)):
        if locale_id in by_locale:
            return by_locale[locale_id]
    return None


def _locale_id(get_locale) -> int | None:
    try:
        return get_locale().pk
    except Locale.DoesNotExist:
        return None
