"""Reads django-oscar-api's product detail (``/api/products/<id>/``) with a fixed number of queries.

Left to itself its serializer queries per product shown, and again per variant of a parent:
recommendations, attribute values, categories and each category's ancestors, the product class,
options, images. ``product_detail_get`` loads the product and its variants in one query, then each
relation once for all of them, and only when one of them has any (``EXISTS`` flags read with the
products): at most six queries for a product with everything, whatever its number of variants.

What it loads is left on the products for ``ProductSerializer`` (``commerce.catalogue.api.
serializers``), whose fields read these attributes rather than the relations:
``api_children``, ``api_recommended``, ``api_categories``, ``api_images``, ``api_options``.
Attribute values go where Oscar itself reads prefetched ones (``_prefetched_attribute_values``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from oscar.core.loading import get_model


@dataclass(frozen=True)
class CategoryBreadcrumbs:
    """What django-oscar-api's ``CategoryField`` shows of a category (``full_name``), computed
    from ancestors loaded with it instead of a query per category."""

    full_name: str


def _flags(products):
    """Which relations each product has: read with the products, so that a relation none of
    them has costs no query."""
    models = {
        name: get_model("catalogue", name)
        for name in (
            "ProductAttributeValue",
            "ProductRecommendation",
            "ProductCategory",
            "ProductImage",
            "Option",
        )
    }
    product = OuterRef("pk")
    return products.annotate(
        has_attribute_values=Exists(
            models["ProductAttributeValue"].objects.filter(product=product)
        ),
        has_recommendations=Exists(models["ProductRecommendation"].objects.filter(primary=product)),
        has_categories=Exists(models["ProductCategory"].objects.filter(product=product)),
        has_images=Exists(models["ProductImage"].objects.filter(product=product)),
        # A variant takes its parent's class, and that class's options.
        has_product_class_options=ExpressionWrapper(
            Exists(models["Option"].objects.filter(productclass=OuterRef("product_class")))
            | Exists(
                models["Option"].objects.filter(productclass=OuterRef("parent__product_class"))
            ),
            output_field=BooleanField(),
        ),
        has_product_options=Exists(models["Option"].objects.filter(product=product)),
    )


def product_detail_get(*, pk: int):
    """The product with this id and its variants, ready for ``ProductSerializer``; None when
    there is no such product (any product, public or not, as django-oscar-api answers)."""
    product_model = get_model("catalogue", "Product")
    rows = list(
        _flags(product_model.objects.filter(Q(pk=pk) | Q(parent_id=pk))).select_related(
            # A variant asked for by its id reads its parent's class and attributes.
            "product_class",
            "parent__product_class",
        )
    )
    product = next((row for row in rows if row.pk == pk), None)
    if product is None:
        return None
    # Oscar's default order of a product's children (newest first), as ``children.all()``.
    children = [row for row in rows if row.pk != pk]
    for child in children:
        child.parent = product  # a variant's class, attributes and title come from its parent
    product.api_children = children
    everyone = [product, *children]
    _attribute_values_load(product=product, children=children)
    _recommendations_load(everyone)
    _categories_load(everyone)
    _images_load(product)
    _options_load(product=product, children=children)
    return product


def _attribute_values_load(*, product, children) -> None:
    """Where Oscar reads prefetched attribute values (``Product.get_attribute_values``).

    A variant shows its own values and its parent's for the attributes it has none of, in the
    order django-oscar-api shows them (the values' own); merged here, so the parent's list
    Oscar would merge again is left empty.
    """
    everyone = [product, *children]
    parent = product.parent if product.parent_id is not None else None
    with_values = [item.pk for item in everyone if item.has_attribute_values]
    if parent is not None:
        with_values.append(parent.pk)
    values = []
    if with_values:
        values = list(
            get_model("catalogue", "ProductAttributeValue")
            .objects.filter(product_id__in=with_values)
            .select_related("attribute", "value_option")
            .annotate(code=F("attribute__code"))
            .order_by("pk")
        )
    by_product: dict[int, list] = {}
    for value in values:
        by_product.setdefault(value.product_id, []).append(value)

    def merged(item, parent_values):
        own = by_product.get(item.pk, [])
        codes = {value.code for value in own}
        inherited = [value for value in parent_values if value.code not in codes]
        return sorted([*own, *inherited], key=lambda value: value.pk)

    product._prefetched_attribute_values = by_product.get(product.pk, [])
    if parent is not None:
        product._prefetched_attribute_values = merged(product, by_product.get(parent.pk, []))
        parent._prefetched_parent_attribute_values = []
    for child in children:
        child._prefetched_attribute_values = merged(child, product._prefetched_attribute_values)
    product._prefetched_parent_attribute_values = []


def _recommendations_load(everyone: list) -> None:
    with_recommendations = [item for item in everyone if item.has_recommendations]
    # Only their ids are shown (as links).
    ids_only = get_model("catalogue", "Product").objects.only("pk")
    prefetch_related_objects(
        with_recommendations,
        Prefetch("recommended_products", queryset=ids_only, to_attr="api_recommended"),
    )
    for item in everyone:
        if not item.has_recommendations:
            item.api_recommended = []


def _categories_load(everyone: list) -> None:
    """Each product's categories with their breadcrumbs, in one query: the categories linked to
    any of the products and their ancestors, each row carrying the product it is linked to."""
    linked_ids = [item.pk for item in everyone if item.has_categories]
    rows = []
    if linked_ids:
        category_model = get_model("catalogue", "Category")
        rows = list(
            category_model.objects.filter(
                Exists(
                    get_model("catalogue", "ProductCategory").objects.filter(
                        product_id__in=linked_ids, category__path__startswith=OuterRef("path")
                    )
                )
            )
            .annotate(
                link=FilteredRelation(
                    "productcategory", condition=Q(productcategory__product_id__in=linked_ids)
                ),
                linked_product_id=F("link__product_id"),
            )
            .order_by("path")
        )
    names = {row.path: row.name for row in rows}
    by_product: dict[int, list] = {}
    for row in rows:
        if row.linked_product_id is None:
            continue  # an ancestor only
        step = row.steplen
        # Oscar's Category.full_name: the names from the root down to this category.
        full_name = row._full_name_separator.join(
            names[row.path[:end]] for end in range(step, len(row.path) + 1, step)
        )
        by_product.setdefault(row.linked_product_id, []).append(CategoryBreadcrumbs(full_name))
    for item in everyone:
        item.api_categories = by_product.get(item.pk, [])


def _images_load(product) -> None:
    # Only the product's own: django-oscar-api leaves variants' images out.
    product.api_images = list(product.images.all()) if product.has_images else []


def _options_load(*, product, children) -> None:
    """Oscar's ``Product.options``: its class's options and its own, in the options' order. A
    variant takes its parent's class."""
    everyone = [product, *children]
    with_own = [item.pk for item in everyone if item.has_product_options]
    if not product.has_product_class_options and not with_own:
        for item in everyone:
            item.api_options = []
        return
    own: dict[int, set[int]] = {}
    if with_own:
        links = get_model("catalogue", "Product").product_options.through.objects.filter(
            product_id__in=with_own
        )
        for product_id, option_id in links.values_list("product_id", "option_id"):
            own.setdefault(product_id, set()).add(option_id)
    product_class = product.get_product_class()
    in_class = Exists(
        get_model("catalogue", "ProductClass").options.through.objects.filter(
            productclass_id=product_class.pk if product_class else None, option_id=OuterRef("pk")
        )
    )
    own_ids = set().union(*own.values())
    options = list(
        get_model("catalogue", "Option")
        .objects.annotate(in_class=in_class)
        .filter(Q(in_class=True) | Q(pk__in=own_ids))
    )
    for item in everyone:
        mine = own.get(item.pk, set())
        item.api_options = [option for option in options if option.in_class or option.pk in mine]
