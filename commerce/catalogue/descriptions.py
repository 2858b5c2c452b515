"""Product descriptions are HTML that the storefront renders as is (Oscar's product page prints
``product.description|safe``), so what is stored is cleaned first to an allow-list: the markup
the dashboard's rich text editor makes (paragraphs, headings, bold, italic, quotes, lists, links)
and nothing that runs, such as ``<script>``, ``on*`` attributes or ``javascript:`` links.

Cleaned by the product import (``commerce.product_import.services``) and the dashboard's
product form (``commerce.dashboard.catalogue.forms``); the cleaning is idempotent, so a cleaned
description comes out of it unchanged.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "span",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "a",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# Relative links stay; absolute ones only with these schemes (no javascript:, data:...).
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_cleaner = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=set(ALLOWED_URL_SCHEMES),
    # Dropped with their content, not just their tags (nh3 keeps the text of other tags).
    clean_content_tags={"script", "style"},
    link_rel="noopener noreferrer nofollow",
)


def description_sanitise(html: str | None) -> str | None:
    """``html`` reduced to the allowed tags and attributes (None and "" are left as they are)."""
    if not html:
        return html
    return _cleaner.clean(html)
