"""The parts of an anonymous page that belong to the visitor, rendered for each request.

A template marks such a part ``<!--visitor:NAME-->...<!--/visitor:NAME-->`` (a name may carry an
argument after a colon: ``recently_viewed:42``); the cached page keeps the markers only, and
each request fills them from the small templates below with its own basket, messages and
history.

Most visitors of a cached page are new: an empty basket, no message, no history. Their parts are
the same for everyone who shares the page's audience (language, currency, pricing), so they are
rendered once per process and audience and reused (``_blank_parts``).
"""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.template.loader import render_to_string
from oscar.core.loading import get_class, get_model

from commerce.response_cache.services import audience

PART_TEMPLATES = {
    "messages": "oscar/partials/alert_messages_content.html",
    "mini_basket": "oscar/partials/mini_basket_content.html",
    "recently_viewed": "oscar/customer/history/recently_viewed_products_content.html",
}
# Rendered parts of new visitors, by part and audience; bounded (cleared when full).
_blank_parts: dict[tuple, str] = {}
BLANK_PARTS_LIMIT = 512


def _history_manager():
    return get_class("customer.history", "CustomerHistoryManager")


def _is_blank(request: HttpRequest, base: str) -> bool:
    """Whether this visitor's part shows nothing of their own."""
    if base == "mini_basket":
        return getattr(request, "basket", None) is not None and request.basket.id is None
    if base == "messages":
        return len(get_messages(request)) == 0
    if base == "recently_viewed":
        return _history_manager().cookie_name not in request.COOKIES
    return False


def _recently_viewed_context(request: HttpRequest, argument: str) -> dict:
    current_id = int(argument) if argument.isdigit() else None
    products = [product for product in _history_manager().get(request) if product.pk != current_id]
    return {"products": products}


def visitor_parts_render(*, request: HttpRequest, names: list[str]) -> dict[str, str]:
    rendered = {}
    for name in names:
        base, _, argument = name.partition(":")
        template = PART_TEMPLATES.get(base)
        if template is None:
            continue
        blank_key = (name, *audience(request)) if _is_blank(request, base) else None
        if blank_key is not None and blank_key in _blank_parts:
            rendered[name] = _blank_parts[blank_key]
            continue
        context = _recently_viewed_context(request, argument) if base == "recently_viewed" else {}
        rendered[name] = render_to_string(template, context, request=request)
        if blank_key is not None:
            if len(_blank_parts) >= BLANK_PARTS_LIMIT:
                _blank_parts.clear()
            _blank_parts[blank_key] = rendered[name]
    return rendered


def product_history_update(*, request: HttpRequest, response, product_id: int) -> None:
    """The visitor's recently-viewed cookie, as Oscar's product page keeps it on every view.

    Oscar's view-count row is not written for a page served from the cache: a write per view
    would cost more than the cached page itself (it counts the views that built a page).
    """
    _history_manager().update(get_model("catalogue", "Product")(pk=product_id), request, response)
