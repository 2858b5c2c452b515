"""Reads of the page tree: a product's or category's page in the active language, menu pages
and a page's translations.

Pages sit below these reads (this module imports ``cms.models``, never the other way round);
what a page shows of Oscar's products, its blocks and its API fields read from the catalogue
(``commerce.catalogue.selectors``).
"""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale

from cms.models import CategoryLandingPage, ProductPage


def product_story_page(*, product) -> ProductPage | None:
    """The live story page of ``product`` in the active language, else in the default one."""
    return _localized(ProductPage.objects.filter(product=product))


def category_landing_page(*, category) -> CategoryLandingPage | None:
    """The live landing page of ``category`` in the active language, else in the default one."""
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
