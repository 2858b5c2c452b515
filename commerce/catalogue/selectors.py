"""Reads of the catalogue: the category tree with its product counts, product lists, and the
products that pages, search results and the API show as cards, priced live by Oscar's strategy.

Pages and search hold only product ids; ``products_in_order`` turns ids back into products in the
caller's order and ``product_cards`` prices them for the shopper. ``commerce.catalogue.api.
serializers`` gives a card its one API shape.

The product list reads the catalogue tables directly rather than going through the search
service (``search.services.products_search``): that service pages its own results, has no sort by
title, and with a search server configured answers from an index that trails the database. The
filters mean the same as search's: a category includes its descendants, prices are the stock
records' prices (a parent takes its children's lowest), "in stock" means some units are not
allocated.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Avg,
    BooleanField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from oscar.core.loading import get_class, get_model

if TYPE_CHECKING:
    from django.http import HttpRequest

Selector = get_class("partner.strategy", "Selector")


class ProductSort(enum.StrEnum):
    PRICE_ASC = "price"
    PRICE_DESC = "-price"
    NEWEST = "newest"
    TITLE = "title"


@dataclass
class CategoryNode:
    id: int
    name: str
    slug: str
    url: str  # storefront path
    product_count: int  # browsable products in the category and its descendants
    children: list[CategoryNode] = field(default_factory=list)


# --- Categories ------------------------------------------------------------------------------


def category_roots_browsable() -> QuerySet:
    """The public top-level categories, in tree order."""
    return get_model("catalogue", "Category").objects.browsable().filter(depth=1).order_by("path")


def category_browsable_exists(*, category_id: int) -> bool:
    return get_model("catalogue", "Category").objects.browsable().filter(pk=category_id).exists()


def _product_count_in_subtree() -> Subquery:
    """Browsable products linked to the outer category or to one of its descendants, each counted
    once: a correlated subquery, so the whole tree is counted in the query that reads it."""
    links = (
        get_model("catalogue", "ProductCategory")
        .objects.filter(
            category__path__startswith=OuterRef("path"),
            product__in=get_model("catalogue", "Product").objects.browsable().values("pk"),
        )
        .order_by()
        .annotate(
            n=Func(
                F("product_id"),
                function="COUNT",
                template="%(function)s(DISTINCT %(expressions)s)",
                output_field=IntegerField(),
            )
        )
        .values("n")
    )
    return Subquery(links[:1], output_field=IntegerField())


def category_trees(*, roots: list) -> list[CategoryNode]:
    """The public subtrees under these root categories, nested, each node with its product count.

    One query whatever the size of the trees.
    """
    if not roots:
        return []
    category_model = get_model("catalogue", "Category")
    under_roots = Q()
    for root in roots:
        under_roots |= Q(path__startswith=root.path)
    categories = (
        category_model.objects.browsable()
        .filter(under_roots)
        .annotate(product_count=Coalesce(_product_count_in_subtree(), 0))
        .order_by("path")
    )
    step = category_model.steplen
    nodes: dict[str, tuple[CategoryNode, str]] = {}  # path -> (node, full slug)
    trees: list[CategoryNode] = []
    for category in categories:
        parent = nodes.get(category.path[:-step]) if category.depth > 1 else None
        if category.depth > 1 and parent is None:
            continue  # below a category that is not public
        full_slug = (
            f"{parent[1]}{category._slug_separator}{category.slug}" if parent else category.slug
        )
        node = CategoryNode(
            id=category.pk,
            name=category.name,
            slug=category.slug,
            # Oscar's own URL scheme for a category (Category.get_absolute_url), without the
            # query per category it makes to find the ancestors' slugs.
            url=reverse(
                "catalogue:category", kwargs={"category_slug": full_slug, "pk": category.pk}
            ),
            product_count=category.product_count,
        )
        nodes[category.path] = (node, full_slug)
        (parent[0].children if parent else trees).append(node)
    return trees


@dataclass
class MenuCategory:
    """A category in a menu, with what Oscar's category tree templates read of its entries."""

    pk: int
    name: str
    url: str  # storefront path
    level: int  # 0 for a top-level category
    has_children: bool = False  # the next entry is its first child
    num_to_close: list[int] = field(default_factory=list)  # levels closed after it


def category_full_slugs(*, categories: Iterable) -> dict[int, str]:
    """The full slug (``parent/child``) of each category by id, from categories given in tree
    order with all their ancestors; one that is below a category not given is left out."""
    by_path: dict[str, str] = {}
    slugs: dict[int, str] = {}
    for category in categories:
        step = category.steplen
        if category.depth > 1:
            parent_slug = by_path.get(category.path[:-step])
            if parent_slug is None:
                continue
            full_slug = f"{parent_slug}{category._slug_separator}{category.slug}"
        else:
            full_slug = category.slug
        by_path[category.path] = full_slug
        slugs[category.pk] = full_slug
    return slugs


def category_url(*, category_id: int, full_slug: str) -> str:
    """Oscar's URL of a category (``Category.get_absolute_url``) from its full slug, without
    the query per category Oscar makes to find the ancestors' slugs."""
    return reverse("catalogue:category", kwargs={"category_slug": full_slug, "pk": category_id})


def category_with_ancestors(*, category_id: int) -> list:
    """The category and its ancestors, root first, in one query; empty when there is none."""
    category_model = get_model("catalogue", "Category")
    own_path = category_model.objects.filter(pk=category_id).values("path")[:1]
    return list(
        category_model.objects.annotate(own_path=Subquery(own_path))
        .filter(Q(pk=category_id) | Q(own_path__startswith=F("path")))
        .order_by("path")
    )


def category_menu(*, max_depth: int | None = None) -> list[MenuCategory]:
    """The categories a menu shows (down to ``max_depth`` when given), in tree order, in one
    query: public ones, leaving out those excluded from menus and everything below them (what
    Oscar's ``category_tree`` template tag lists, with a query more for the exclusions and one
    per category for its URL)."""
    categories = get_model("catalogue", "Category").objects.browsable().order_by("path")
    if max_depth is not None:
        categories = categories.filter(depth__lte=max_depth)
    return _menu_entries(categories=categories)


def _menu_entries(*, categories: Iterable) -> list[MenuCategory]:
    """The menu entries of public categories given in tree order (see ``category_menu``)."""
    shown = [category for category in categories if not category.exclude_from_menu]
    slugs = category_full_slugs(categories=shown)
    entries = [
        MenuCategory(
            pk=category.pk,
            name=category.name,
            url=category_url(category_id=category.pk, full_slug=slugs[category.pk]),
            level=category.depth - 1,
        )
        for category in shown
        if category.pk in slugs
    ]
    for entry, following in zip(entries, [*entries[1:], None], strict=True):
        next_level = following.level if following is not None else 0
        entry.has_children = next_level > entry.level
        entry.num_to_close = list(range(max(entry.level - next_level, 0)))
    return entries


def categories_browsable_of_request(*, request: HttpRequest | None) -> list:
    """Every public category (Oscar's ``browsable``), in tree order, read once per request: the
    menus, the category facet and the product page's breadcrumbs all come from it."""
    if request is None:
        return list(get_model("catalogue", "Category").objects.browsable().order_by("path"))
    remembered = request.__dict__.get("_nexus_browsable_categories")
    if remembered is None:
        remembered = request.__dict__["_nexus_browsable_categories"] = list(
            get_model("catalogue", "Category").objects.browsable().order_by("path")
        )
    return remembered


def category_menu_of_request(*, request: HttpRequest | None) -> list[MenuCategory]:
    """``category_menu()`` read once per request: the navigation, the catalogue's category list
    and its category facet all show it."""
    if request is None:
        return category_menu()
    remembered = request.__dict__.get("_nexus_category_menu")
    if remembered is None:
        remembered = request.__dict__["_nexus_category_menu"] = _menu_entries(
            categories=categories_browsable_of_request(request=request)
        )
    return remembered


@dataclass(frozen=True)
class CategoryLink:
    name: str
    url: str  # storefront path


def category_lineage_links(*, category_id: int, request: HttpRequest | None) -> list[CategoryLink]:
    """A public category's ancestors and itself, root first, as links (Oscar's
    ``get_ancestors_and_self`` with each one's URL), from the request's public categories: no
    query of its own. Empty when the category is not public."""
    categories = categories_browsable_of_request(request=request)
    category = next((c for c in categories if c.pk == category_id), None)
    if category is None:
        return []
    step = category.steplen
    ancestor_paths = {category.path[: step * depth] for depth in range(1, category.depth + 1)}
    lineage = [c for c in categories if c.path in ancestor_paths]
    slugs = category_full_slugs(categories=lineage)
    return [
        CategoryLink(name=c.name, url=category_url(category_id=c.pk, full_slug=slugs[c.pk]))
        for c in lineage
        if c.pk in slugs
    ]


# --- Products --------------------------------------------------------------------------------


def products_with_price_and_stock(products: QuerySet) -> QuerySet:
    """``price``: the product's own lowest stock record price, else its public children's;
    ``in_stock``: some stock record of its own or of a public child has unallocated units.

    Subqueries rather than joins so that neither multiplies rows (and counts). Shared with the
    database search backend, so both filter prices and stock alike."""
    stock_records = get_model("partner", "StockRecord").objects.filter(price__isnull=False)
    own_price = stock_records.filter(product=OuterRef("pk")).order_by("price").values("price")
    child_price = (
        stock_records.filter(product__parent=OuterRef("pk"), product__is_public=True)
        .order_by("price")
        .values("price")
    )
    with_stock = (
        get_model("partner", "StockRecord")
        .objects.annotate(net=F("num_in_stock") - Coalesce("num_allocated", 0))
        .filter(net__gt=0)
    )
    # Two EXISTS rather than one with an OR across the product join: the OR form defeats the
    # indexes and scanned every stock record for every product.
    own_available = with_stock.filter(product=OuterRef("pk"))
    child_available = with_stock.filter(product__parent=OuterRef("pk"), product__is_public=True)
    return products.annotate(
        price=Coalesce(
            Subquery(own_price[:1]),
            Subquery(child_price[:1]),
            output_field=DecimalField(max_digits=12, decimal_places=2),
        ),
        in_stock=ExpressionWrapper(
            Q(Exists(own_available)) | Q(Exists(child_available)), output_field=BooleanField()
        ),
    )


def _ordering(sort: ProductSort) -> list:
    newest = [F("date_created").desc(), F("pk").desc()]
    if sort == ProductSort.PRICE_ASC:
        return [F("price").asc(nulls_last=True), *newest]
    if sort == ProductSort.PRICE_DESC:
        return [F("price").desc(nulls_last=True), *newest]
    if sort == ProductSort.TITLE:
        return ["title", "pk"]
    return newest


def products_browse(
    *,
    category_id: int | None = None,
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    in_stock: bool | None = None,
    sort: ProductSort = ProductSort.NEWEST,
) -> QuerySet:
    """Browsable products (public parents and stand-alone products) matching the filters, with
    what Oscar's strategy needs to price them prefetched, in the requested order."""
    product_model = get_model("catalogue", "Product")
    products = products_with_price_and_stock(product_model.objects.browsable().base_queryset())
    if category_id is not None:
        category = get_model("catalogue", "Category").objects.filter(pk=category_id).first()
        if category is None:
            return products.none()
        products = products.filter(
            Exists(
                get_model("catalogue", "ProductCategory").objects.filter(
                    product=OuterRef("pk"), category__path__startswith=category.path
                )
            )
        )
    if min_price is not None:
        products = products.filter(price__gte=min_price)
    if max_price is not None:
        products = products.filter(price__lte=max_price)
    if in_stock is not None:
        products = products.filter(in_stock=in_stock)
    return products.order_by(*_ordering(ProductSort(sort)))


# --- Product cards ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductCard:
    """What a product card shows, priced live for one shopper."""

    product: Any
    price: Decimal | None
    currency: str | None
    is_available: bool
    availability: str
    url: str  # storefront path, in the language active when the card was made


# How a category's products are ordered for cards (``category_products``). Not ``_ordering``:
# "price" here is the lowest price of any of the product's or its variants' stock records, and
# ties go to the lower id, as content editors have seen their carousels sorted so far.
_CATEGORY_PRODUCT_ORDERS = {
    ProductSort.NEWEST: ("-date_created", "pk"),
    ProductSort.PRICE_ASC: (F("min_price").asc(nulls_last=True), "pk"),
    ProductSort.PRICE_DESC: (F("min_price").desc(nulls_last=True), "pk"),
    ProductSort.TITLE: ("title", "pk"),
}


def products_for_listing() -> QuerySet:
    """Products with what a product card or Oscar's product list templates (``catalogue/
    partials/product.html``) read in the same query: the product class and whether the product
    has options (the annotations Oscar's ``Product.has_options`` reads instead of a query per
    product). Its images come with it as one prefetch; prices and availability need
    ``purchase_info_prefetch`` once the list is read (``products_in_order`` and
    ``category_products`` do it)."""
    option_model = get_model("catalogue", "Option")
    return (
        get_model("catalogue", "Product")
        .objects.select_related("product_class")
        .annotate(
            has_product_class_options=Exists(
                option_model.objects.filter(productclass=OuterRef("product_class"))
            ),
            has_product_options=Exists(option_model.objects.filter(product=OuterRef("pk"))),
        )
        .prefetch_related("images")
    )


def products_for_cards() -> QuerySet:
    """Browsable products with what a product card reads (see ``products_for_listing``)."""
    return products_for_listing().filter(parent=None, is_public=True)


def purchase_info_prefetch(*, products: Sequence) -> None:
    """Fetch what Oscar's strategy prices a list of products from, for the whole list at once:
    the public variants of its parents (one query, only when the list has a parent), then the
    stock records of every product and variant that can be bought (one query).

    Without it the strategy reads the stock records once per product, and a parent's variants
    once per parent.
    """
    product_model = get_model("catalogue", "Product")
    parents = [product for product in products if product.is_parent]
    if parents:
        # The attribute Oscar's ``Product.get_public_children`` reads before querying.
        prefetch_related_objects(
            parents,
            Prefetch(
                "children",
                queryset=product_model.objects.public(),
                to_attr="_prefetched_public_children",
            ),
        )
    buyable = [product for product in products if not product.is_parent]
    for parent in parents:
        for child in parent._prefetched_public_children:
            child.parent = parent  # a variant's class and title are read from its parent
            buyable.append(child)
    if buyable:
        prefetch_related_objects(buyable, "stockrecords")


def products_in_order(*, product_ids: Sequence[int], products: QuerySet | None = None) -> list:
    """The products with these ids, in this order, in one query plus prefetches whose number
    does not grow with the list (images, stock records, variants of parents).

    ``products`` (``products_for_cards()`` unless given) says which products may be shown and
    what is fetched with them; an id that is not among them is left out.
    """
    if not product_ids:
        return []
    if products is None:
        products = products_for_cards()
    by_id = {product.pk: product for product in products.filter(pk__in=product_ids)}
    ordered = [by_id[pk] for pk in product_ids if pk in by_id]
    purchase_info_prefetch(products=ordered)
    return ordered


def category_products(*, category, order: str = ProductSort.NEWEST, limit: int = 8) -> list:
    """Browsable products of ``category`` and its subcategories, ready for cards, in ``order``
    (a ``ProductSort`` value; newest first when unknown); at most ``limit``, one query plus
    prefetches."""
    in_category = get_model("catalogue", "ProductCategory").objects.filter(
        category__path__startswith=category.path, category__depth__gte=category.depth
    )
    products = products_for_cards().filter(pk__in=in_category.values("product_id"))
    if order in (ProductSort.PRICE_ASC, ProductSort.PRICE_DESC):
        products = products.annotate(
            min_price=Coalesce(Min("stockrecords__price"), Min("children__stockrecords__price"))
        )
    ordering = _CATEGORY_PRODUCT_ORDERS.get(order, _CATEGORY_PRODUCT_ORDERS[ProductSort.NEWEST])
    listed = list(products.order_by(*ordering)[:limit])
    purchase_info_prefetch(products=listed)
    return listed


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
    """A card for each product, priced for the shopper making ``request``."""
    strategy = storefront_strategy(request=request)
    return [product_card(product=product, strategy=strategy) for product in products]


# --- Product page ----------------------------------------------------------------------------


def products_for_detail() -> QuerySet:
    """Products with what Oscar's product page (``catalogue/detail.html``) reads of them in the
    same query, rather than a query each: the product class (a variant's from its parent),
    whether it has options (the annotations ``Product.has_options`` reads), its number of
    approved reviews (under the name of Oscar's ``num_approved_reviews``, which it replaces),
    the first public category of the product or of a variant's parent
    (``breadcrumb_category_id``: Oscar's breadcrumbs show ``get_categories.first``) and whether
    it has recommendations (``has_recommendations``). ``product_detail_prefetch`` reads the
    rest once the product is found."""
    option_model = get_model("catalogue", "Option")
    review_model = get_model("reviews", "ProductReview")
    approved_reviews = (
        review_model.objects.filter(product=OuterRef("pk"), status=review_model.APPROVED)
        .order_by()
        .values("product")
        .annotate(n=Count("pk"))
        .values("n")
    )
    first_public_category = (
        get_model("catalogue", "ProductCategory")
        .objects.filter(
            product=Coalesce(OuterRef("parent_id"), OuterRef("pk")),
            category__is_public=True,
            category__ancestors_are_public=True,
        )
        .order_by("category__path")
        .values("category_id")[:1]
    )
    return (
        get_model("catalogue", "Product")
        .objects.select_related("product_class", "parent__product_class")
        .annotate(
            has_product_class_options=Exists(
                option_model.objects.filter(
                    Q(productclass=OuterRef("product_class"))
                    | Q(productclass=OuterRef("parent__product_class"))
                )
            ),
            has_product_options=Exists(option_model.objects.filter(product=OuterRef("pk"))),
            num_approved_reviews=Coalesce(
                Subquery(approved_reviews, output_field=IntegerField()), 0
            ),
            breadcrumb_category_id=Subquery(first_public_category),
            has_recommendations=Exists(
                get_model("catalogue", "ProductRecommendation").objects.filter(
                    primary=OuterRef("pk")
                )
            ),
        )
    )


def product_detail_prefetch(*, product) -> None:
    """Fetch what Oscar's product page reads of a product from ``products_for_detail``, a query
    for each kind whatever their number: its images (a variant without any shows its parent's),
    what its price and availability come from (``purchase_info_prefetch``: its stock records, or
    a parent's public variants and theirs) and its attribute values with their attributes
    (a variant's merged with its parent's, as Oscar's ``get_attribute_values`` does)."""
    prefetch_related_objects([product], "images")
    if product.is_child and not product.images.all():
        prefetch_related_objects([product.parent], "images")
    purchase_info_prefetch(products=[product])

    value_model = get_model("catalogue", "ProductAttributeValue")
    values = value_model.objects.select_related("attribute", "value_option")
    # The attributes Oscar's ``get_attribute_values`` reads before querying.
    prefetch_related_objects(
        [product],
        Prefetch("attribute_values", queryset=values, to_attr="_prefetched_attribute_values"),
    )
    read = list(product._prefetched_attribute_values)
    if product.is_child:
        prefetch_related_objects(
            [product.parent],
            Prefetch(
                "attribute_values", queryset=values, to_attr="_prefetched_parent_attribute_values"
            ),
        )
        read += product.parent._prefetched_parent_attribute_values
    multi_valued = [value for value in read if value.attribute.is_multi_option]
    if multi_valued:
        prefetch_related_objects(
            multi_valued,
            Prefetch(
                "value_multi_option",
                queryset=get_model("catalogue", "AttributeOption").objects.all(),
            ),
        )


def product_recommendations(*, product, limit: int = 6) -> list:
    """The products recommended with ``product``, highest ranking first, at most ``limit``
    (what Oscar's page shows of ``sorted_recommended_products``), ready for Oscar's product
    cards: one query for the ids, then ``products_in_order``'s."""
    product_ids = list(
        get_model("catalogue", "ProductRecommendation")
        .objects.filter(primary=product)
        .order_by("-ranking", "pk")
        .values_list("recommendation_id", flat=True)[:limit]
    )
    return products_in_order(product_ids=product_ids, products=products_for_listing())


# --- Average prices --------------------------------------------------------------------------


@dataclass
class CurrencyAverage:
    currency: str
    average_price: Decimal  # rounded half up to the cent
    product_count: int  # distinct products priced in this currency


@dataclass
class CategoryAveragePrices:
    category_id: int
    category_name: str
    averages: list[CurrencyAverage]


def category_average_prices(*, category_id: int) -> CategoryAveragePrices | None:
    """Average price per currency of what can be bought in a public category and in its
    descendants; None when no public category has this id.

    Averages the stock record prices of purchasable products: public stand-alone products linked
    to the subtree, and the public variants of public parents linked to it (a parent itself has
    no price). Each stock record counts once; ``product_count`` counts distinct products. One
    query for the category, one for the averages.
    """
    category = get_model("catalogue", "Category").objects.browsable().filter(pk=category_id).first()
    if category is None:
        return None
    product_model = get_model("catalogue", "Product")
    linked = (
        get_model("catalogue", "ProductCategory")
        .objects.filter(category__path__startswith=category.path)
        .values("product_id")
    )
    purchasable = product_model.objects.filter(is_public=True).filter(
        Q(structure=product_model.STANDALONE, pk__in=linked)
        | Q(structure=product_model.CHILD, parent__is_public=True, parent_id__in=linked)
    )
    rows = (
        get_model("partner", "StockRecord")
        .objects.filter(price__isnull=False, product__in=purchasable.values("pk"))
        .values("price_currency")
        .annotate(average=Avg("price"), products=Count("product_id", distinct=True))
        .order_by("price_currency")
    )
    cent = Decimal("0.01")
    return CategoryAveragePrices(
        category_id=category.pk,
        category_name=category.name,
        averages=[
            CurrencyAverage(
                currency=row["price_currency"],
                average_price=Decimal(str(row["average"])).quantize(cent, rounding=ROUND_HALF_UP),
                product_count=row["products"],
            )
            for row in rows
        ],
    )


def translated_columns(*, field: str) -> list[str]:
    """A translated catalogue field's column per language (django-modeltranslation), the source
    language first: ``title`` → ``["title_en", "title_fr"]``."""
    from django.conf import settings
    from modeltranslation.utils import build_localized_fieldname

    source = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    languages = [source, *(c for c in settings.MODELTRANSLATION_LANGUAGES if c != source)]
    return [build_localized_fieldname(field, language) for language in languages]


def matches_in_any_language(*, field: str, lookup: str, value, prefix: str = "") -> Q:
    """``<prefix><field>__<lookup>`` in any language's column.

    django-modeltranslation rewrites ``title__icontains`` to the active language's column only,
    which misses a product not yet translated into it; searches a person types go through this.
    """
    matches = Q()
    for column in translated_columns(field=field):
        matches |= Q(**{f"{prefix}{column}__{lookup}": value})
    return matches
