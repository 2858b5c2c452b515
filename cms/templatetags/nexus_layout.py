"""Template tags of the storefront layout that Oscar's and Wagtail's templates share.

The navigation's Wagtail menu pages, the language switcher that keeps the current page, and the
Wagtail pages (product story, category landing) that Oscar's product and category pages show.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page, Site

from cms import selectors

register = template.Library()


@dataclass(frozen=True)
class MenuLink:
    title: str
    url: str
    is_active: bool


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's name in that language: "English", "Français"
    url: str  # the current page in that language
    is_active: bool


@register.simple_tag(takes_context=True)
def menu_pages(context) -> list[MenuLink]:
    """Live pages shown in menus: children of the site's home page in the active language.

    The home page's translation in the active language is used when it is live; otherwise the
    home page itself, so a language without translated pages shows the source language's.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    links = []
    for page in selectors.menu_pages(site=site):
        url = page.get_url(request)
        if url:
            links.append(
                MenuLink(title=page.title, url=url, is_active=request.path.startswith(url))
            )
    return links


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """The current page in each language of the site.

    A Wagtail page links to its live translations and, where it has none, to that language's
    home page. Any other page (Oscar's) is the same URL with the other language prefix.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    if isinstance(page, Page):
        urls = _page_urls_by_language(page=page, request=request)
    else:
        full_path = request.get_full_path()
        urls = {code: translate_url(full_path, code) for code, _name in settings.LANGUAGES}
    active = translation.get_language()
    return [
        LanguageLink(
            code=code,
            name=translation.get_language_info(code)["name_local"],
            url=urls[code],
            is_active=code == active,
        )
        for code, _name in settings.LANGUAGES
    ]


def _page_urls_by_language(*, page: Page, request) -> dict[str, str]:
    translations = selectors.page_translations(page=page)
    urls = {}
    for code, _name in settings.LANGUAGES:
        translated = translations.get(code)
        url = translated.get_url(request) if translated is not None else None
        if not url:
            with translation.override(code):
                url = reverse("home")
        urls[code] = url
    return urls


@register.simple_tag(name="product_story_page")
def product_story_page_tag(product):
    """``{% product_story_page product as story_page %}``: the product's live story page.

    A variant shows its parent's story: stories are written for the products shoppers browse.
    """
    story_product = product.parent if product.parent_id else product
    return selectors.product_story_page(product=story_product)


@register.simple_tag(name="category_landing_page")
def category_landing_page_tag(category):
    """``{% category_landing_page category as landing_page %}``: the category's landing page."""
    return selectors.category_landing_page(category=category)
