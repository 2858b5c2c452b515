"""Template tags of the storefront layout that Oscar's and Wagtail's templates share.

The navigation's categories and Wagtail menu pages, the language switcher that keeps the current
page, the footer's links, and the Wagtail pages (product story, category landing) that Oscar's
product and category pages show. Each costs a fixed number of queries, and what two parts of
one page both show (the language links, in the head and in the switcher) is read once per
request. The menu pages, the footer's linked pages and the current page's translations come
from one query together (``selectors.layout_pages``), whichever tag asks first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page, Site

from cms import selectors
from cms.models import FooterSettings
from commerce.catalogue.selectors import MenuCategory, category_menu_of_request

register = template.Library()


@dataclass(frozen=True)
class MenuLink:
    title: str
    url: str
    is_active: bool


@dataclass(frozen=True)
class FooterLink:
    text: str
    href: str


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
    pages = _layout_pages(request=request, page=context.get("page"))
    if pages is None:
        return []
    links = []
    for page in pages.menu:
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
    Worked out once per request and page: the head and the switcher both show them.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    page_key = page.pk if isinstance(page, Page) else None
    remembered = request.__dict__.setdefault("_nexus_language_links", {})
    if page_key not in remembered:
        remembered[page_key] = _language_links(request=request, page=page)
    return remembered[page_key]


def _language_links(*, request, page) -> list[LanguageLink]:
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


@register.simple_tag(takes_context=True)
def menu_categories(context, depth: int | None = None) -> list[MenuCategory]:
    """``{% menu_categories depth=2 as categories %}``: the categories menus show, as Oscar's
    ``category_tree`` lists them; the whole list is read once per request."""
    categories = category_menu_of_request(request=context.get("request"))
    if depth is None:
        return categories
    return [category for category in categories if category.level < depth]


@register.simple_tag(takes_context=True)
def footer_links(context) -> list[FooterLink]:
    """The footer's links (Settings → Footer), each page link to the page's translation in the
    active language, labelled with its title unless the editor gave a label.

    Read from the stored links with one query for all the pages, rather than through each
    link's ``LinkValue`` (a few queries per link).
    """
    request = context.get("request")
    layout = _layout_pages(request=request, page=context.get("page"))
    if layout is None:
        return []
    items = _footer_link_items(request)
    pages = layout.linked
    links = []
    for item in items:
        label = item.get("label") or ""
        page = pages.get(item["page"]) if item.get("page") else None
        if page is not None:
            href = page.get_url(request) or ""
            text = label or page.title
        elif item.get("page"):
            continue  # the page is gone
        else:
            href = item.get("url") or ""
            text = label or href
        if href:
            links.append(FooterLink(text=text, href=href))
    return links


def _footer_link_items(request) -> list[dict]:
    """The footer setting's link items, as stored (the setting is read once per request)."""
    footer = FooterSettings.for_request(request)
    return [item["value"] for item in footer.links.raw_data if item.get("type") == "link"]


def _layout_pages(*, request, page) -> selectors.LayoutPages | None:
    """The menu pages, the footer's linked pages and the current Wagtail page's translations,
    read together once per request (``selectors.layout_pages``); None without a site."""
    if request is None:
        return None
    if "_nexus_layout_pages" not in request.__dict__:
        site = Site.find_for_request(request)
        layout = None
        if site is not None:
            layout = selectors.layout_pages(
                site=site,
                linked_page_ids=[
                    item["page"] for item in _footer_link_items(request) if item.get("page")
                ],
                page=page if isinstance(page, Page) else None,
            )
        request.__dict__["_nexus_layout_pages"] = (page, layout)
    return request.__dict__["_nexus_layout_pages"][1]


def _page_translations(*, page: Page, request) -> dict:
    layout = _layout_pages(request=request, page=page)
    remembered_page = request.__dict__["_nexus_layout_pages"][0]
    if (
        layout is not None
        and layout.translations is not None
        and isinstance(remembered_page, Page)
        and remembered_page.pk == page.pk
    ):
        return layout.translations
    return selectors.page_translations(page=page)  # a page other than the request's


def _page_urls_by_language(*, page: Page, request) -> dict[str, str]:
    translations = _page_translations(page=page, request=request)
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
