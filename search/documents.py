"""Search documents built from the catalogue and the page tree (shapes in search.backends.base).

Prices and availability are a product's card (``commerce.catalogue.selectors.product_card``):
Oscar's pricing strategy, as the storefront shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch
from django.utils import translation
from oscar.core.loading import get_model

from commerce.catalogue.selectors import product_card, storefront_strategy

BATCH_SIZE = 500


def products_searchable():
    """Products that belong in the index: public parents and standalone products."""
    return get_model("catalogue", "Product").objects.browsable()


def _with_everything_a_document_needs(products):
    stockrecord = get_model("partner", "StockRecord")
    return products.select_related("product_class").prefetch_related(
        "categories",
        Prefetch("stockrecords", queryset=stockrecord.objects.order_by("pk")),
        Prefetch(
            "children",
            queryset=get_model("catalogue", "Product")
            .objects.filter(is_public=True)
            .prefetch_related(
                Prefetch("stockrecords", queryset=stockrecord.objects.order_by("pk")),
                "attribute_values__attribute",
                "attribute_values__value_option",
            ),
        ),
        "attribute_values__attribute",
        "attribute_values__value_option",
    )


def _category_trail(category, categories_by_path) -> list:
    """The category and its ancestors, root first, from treebeard paths (no extra queries)."""
    steplen = category.steplen
    return [
        categories_by_path[category.path[:end]]
        for end in range(steplen, len(category.path) + 1, steplen)
        if category.path[:end] in categories_by_path
    ]


def _attribute_text(value) -> str | None:
    if value.value_option_id:
        return value.value_option.option
    raw = value.value
    if raw is None or raw == "":
        return None
    return str(raw)


def product_document(
    *, product, strategy, categories_by_path: dict, language: str, purchases: int = 0
) -> dict | None:
    """The product's document, or None when it cannot be bought at all (no price): such a
    product leaves the index. Out-of-stock products stay, marked ``in_stock: false``."""
    trails = [
        _category_trail(category, categories_by_path) for category in product.categories.all()
    ]
    # The index is per language: URL, title, description and category names as the storefront
    # shows them in it (django-modeltranslation falls back to English when untranslated).
    with translation.override(language):
        card = product_card(product=product, strategy=strategy)
        title = product.get_title()
        description = product.description or ""
        category_path = [" > ".join(c.name for c in trail) for trail in trails]
    if card.price is None:
        return None
    # Every value of the product and its public variants: a T-shirt sold in S to XL is found
    # under each size.
    attributes: dict[str, list[str]] = {}
    for item in [product, *product.children.all()]:
        for value in item.attribute_values.all():
            text = _attribute_text(value)
            values = attributes.setdefault(value.attribute.code, [])
            if text is not None and text not in values:
                values.append(text)
    attributes = {code: values for code, values in attributes.items() if values}
    return {
        "id": product.pk,
        "title": title,
        "description": description,
        "category_ids": sorted({c.pk for trail in trails for c in trail}),
        "category_path": category_path,
        "attributes": attributes,
        "price": float(card.price),
        "currency": card.currency,
        "in_stock": bool(card.is_available),
        "rating": product.rating,
        "popularity": purchases,
        "date_created": int(product.date_created.timestamp()),
        "url": card.url,
    }


def product_documents(*, ids: Iterable[int], language: str) -> tuple[list[dict], list[int]]:
    """Documents for the searchable products among ``ids``, and the ids to remove from the index
    (deleted, hidden or variant products)."""
    wanted = set(ids)
    products = list(_with_everything_a_document_needs(products_searchable().filter(pk__in=wanted)))
    strategy = storefront_strategy(request=None)
    categories_by_path = {c.path: c for c in get_model("catalogue", "Category").objects.all()}
    # Popularity is how often the product was bought (Oscar's analytics records).
    purchases = dict(
        get_model("analytics", "ProductRecord")
        .objects.filter(product__in=products)
        .values_list("product_id", "num_purchases")
    )
    documents = [
        document
        for p in products
        if (
            document := product_document(
                product=p,
                strategy=strategy,
                categories_by_path=categories_by_path,
                language=language,
                purchases=purchases.get(p.pk, 0),
            )
        )
        is not None
    ]
    return documents, sorted(wanted - {d["id"] for d in documents})


def product_document_batches(
    *, language: str, batch_size: int = BATCH_SIZE
) -> Iterator[list[dict]]:
    """Every searchable product, in batches, for a full rebuild."""
    ids = list(products_searchable().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        documents, _ = product_documents(ids=ids[start : start + batch_size], language=language)
        yield documents


def pages_searchable(*, language: str):
    """Live, public pages of the language's Wagtail locale (each translation is its own page)."""
    from wagtail.models import Page

    return (
        Page.objects.live().public().filter(depth__gt=1, locale__language_code=language).specific()
    )


def _page_text(value) -> str:
    """Searchable words of a page field: a StreamField's text blocks, or the field as text."""
    stream_block = getattr(value, "stream_block", None)
    if stream_block is not None:
        return " ".join(str(text) for text in stream_block.get_searchable_content(value) if text)
    return str(value)


def page_document(*, page, language: str) -> dict:
    with translation.override(language):
        url = page.get_url() or ""
    body = " ".join(
        _page_text(getattr(page, name))
        for name in ("intro", "hero_text", "body", "story")
        if getattr(page, name, None)
    )
    published = page.first_published_at
    return {
        "id": page.pk,
        "title": page.title,
        "search_description": page.search_description or "",
        "body": body,
        "url": url,
        "first_published_at": int(published.timestamp()) if published else None,
    }


def page_documents(*, ids: Iterable[int] | None = None, language: str) -> tuple[list[dict], list]:
    pages = pages_searchable(language=language)
    wanted = None
    if ids is not None:
        wanted = set(ids)
        pages = pages.filter(pk__in=wanted)
    documents = [page_document(page=page, language=language) for page in pages]
    removed = sorted(wanted - {d["id"] for d in documents}) if wanted is not None else []
    return documents, removed
