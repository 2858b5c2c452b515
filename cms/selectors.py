"""Reads of the page tree: a product's or category's page in the active language, menu pages,
a page's translations and the pages footer links point at.

Pages sit below these reads (this module imports ``cms.models``, never the other way round);
what a page shows of Oscar's products, its blocks and its API fields read from the catalogue
(``commerce.catalogue.selectors``).

Each read is one query whatever the number of pages (``layout_pages`` is three of them in
one): the active language is matched on the locale's language code in that query rather than
looked up first (Wagtail's ``Locale.get_active`` and ``Page.localized`` cost a query each time
they are called).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Substr
from django.db.models.lookups import StartsWith
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction

from cms.models import CategoryLandingPage, ProductPage


def content_language(language_code: str | None = None) -> str:
    """The language code of the Wagtail locale for ``language_code`` (the active language)."""
    try:
        return get_supported_content_language_variant(
            language_code or translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def product_story_page(*, product) -> ProductPage | None:
    """The live story page of ``product`` in the active language, else in the default one."""
    return _localized(ProductPage.objects.filter(product=product))


def category_landing_page(*, category) -> CategoryLandingPage | None:
    """The live landing page of ``category`` in the active language, else in the default one."""
    return _localized(CategoryLandingPage.objects.filter(category=category))


def menu_pages(*, site) -> list:
    """Live pages shown in menus: children of the site's home page in the active language (the
    home page itself when it has no live translation in it), in tree order. One query: the
    translated home page and the menu pages under it or under the home page come together."""
    root = site.root_page
    steplen = Page.steplen
    parent_depth = root.depth
    translated_roots = Page.objects.filter(
        translation_key=root.translation_key,
        locale__language_code=content_language(),
        depth=parent_depth,
    ).live()
    menu_children = Q(depth=parent_depth + 1, live=True, show_in_menus=True) & (
        Q(parent_path=root.path) | Q(parent_path__in=translated_roots.values("path"))
    )
    candidates = (
        Page.objects.annotate(parent_path=Substr("path", 1, steplen * parent_depth))
        .filter(Q(pk__in=translated_roots.values("pk")) | menu_children)
        .order_by("path")
    )
    rows = list(candidates)
    translated = next((page for page in rows if page.depth == parent_depth), None)
    parent_path = translated.path if translated is not None else root.path
    return [page for page in rows if page.depth > parent_depth and page.parent_path == parent_path]


@dataclass
class LayoutPages:
    """The pages the storefront layout shows, read together (``layout_pages``)."""

    menu: list = field(default_factory=list)  # as ``menu_pages`` gives them
    linked: dict[int, Page] = field(default_factory=dict)  # as ``pages_in_language`` gives them
    translations: dict[str, Any] | None = None  # as ``page_translations`` gives them, if asked


def layout_pages(*, site, linked_page_ids: Sequence[int] = (), page=None) -> LayoutPages:
    """What ``menu_pages(site=site)``, ``pages_in_language(page_ids=linked_page_ids)`` and,
    given a page, ``page_translations(page=page)`` answer, in one query for all three: the rows
    each of them reads, then sorted out here with the same conditions.

    The layout shows all three on every page (the navigation, the footer's links, the language
    links); on the home page the menu's translated home page and the page's translations are
    even the same rows.
    """
    language = content_language()
    root = site.root_page
    steplen = Page.steplen
    parent_depth = root.depth
    translated_roots = Page.objects.filter(
        translation_key=root.translation_key,
        locale__language_code=language,
        depth=parent_depth,
        live=True,
    )
    wanted = Q(pk__in=translated_roots.values("pk")) | (
        Q(depth=parent_depth + 1, live=True, show_in_menus=True)
        & (Q(parent_path=root.path) | Q(parent_path__in=translated_roots.values("path")))
    )
    if linked_page_ids:
        wanted |= Q(pk__in=linked_page_ids) | Q(
            translation_key__in=Page.objects.filter(pk__in=linked_page_ids).values(
                "translation_key"
            ),
            locale__language_code=language,
            live=True,
        )
    if page is not None:
        wanted |= Q(translation_key=page.translation_key, live=True)
    rows = list(
        Page.objects.annotate(
            parent_path=Substr("path", 1, steplen * parent_depth),
            language_code=F("locale__language_code"),
        )
        .filter(wanted)
        .order_by("path")
    )

    # menu_pages
    translated_root = next(
        (
            row
            for row in rows
            if row.translation_key == root.translation_key
            and row.language_code == language
            and row.depth == parent_depth
            and row.live
        ),
        None,
    )
    parent_path = translated_root.path if translated_root is not None else root.path
    menu = [
        row
        for row in rows
        if row.depth == parent_depth + 1
        and row.live
        and row.show_in_menus
        and row.parent_path == parent_path
    ]

    # pages_in_language
    in_language = {
        row.translation_key: row for row in rows if row.language_code == language and row.live
    }
    by_id = {row.pk: row for row in rows}
    linked = {
        page_id: in_language.get(by_id[page_id].translation_key, by_id[page_id])
        for page_id in linked_page_ids
        if page_id in by_id
    }

    # page_translations
    translations = None
    if page is not None:
        translations = {
            row.language_code: row
            for row in rows
            if row.translation_key == page.translation_key and row.live
        }
    return LayoutPages(menu=menu, linked=linked, translations=translations)


def page_translations(*, page) -> dict[str, Any]:
    """The page and its live translations, by language code."""
    translations = page.get_translations(inclusive=True).live().select_related("locale")
    return {translated.locale.language_code: translated for translated in translations}


def pages_in_language(*, page_ids: Sequence[int]) -> dict[int, Page]:
    """Each page by id, replaced by its live translation in the active language when it has one
    (what Wagtail's ``Page.localized`` gives for one page), in one query."""
    if not page_ids:
        return {}
    chosen = Page.objects.filter(pk__in=page_ids)
    rows = list(
        Page.objects.filter(
            Q(pk__in=page_ids)
            | Q(
                translation_key__in=chosen.values("translation_key"),
                locale__language_code=content_language(),
                live=True,
            )
        ).annotate(language_code=F("locale__language_code"))
    )
    language = content_language()
    translated = {
        page.translation_key: page for page in rows if page.language_code == language and page.live
    }
    by_id = {page.pk: page for page in rows}
    return {
        page_id: translated.get(by_id[page_id].translation_key, by_id[page_id])
        for page_id in page_ids
        if page_id in by_id
    }


def _localized(pages):
    """The live, public page among ``pages`` in the active language, else in the default one.

    "Public" as Wagtail's ``public()`` means it (no view restriction on the page or an
    ancestor), checked in the same query instead of a query for the restrictions first.
    """
    restricted = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    candidates = (
        pages.live().filter(~Exists(restricted)).annotate(language_code=F("locale__language_code"))
    )
    by_language = {page.language_code: page for page in candidates}
    for language_code in (content_language(), content_language(settings.LANGUAGE_CODE)):
        if language_code in by_language:
            return by_language[language_code]
    return None
