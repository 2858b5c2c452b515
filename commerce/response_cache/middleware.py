"""Serves the catalogue's read answers from the cache, and says who else may keep them.

Cached (``services``): the Wagtail pages and Oscar's catalogue, category, product and search
pages for anonymous visitors, and the catalogue, page and search API reads for calls without
credentials. Everything else passes through untouched.

HTTP caching: anonymous API answers are ``public`` (a CDN may keep them;
``RESPONSE_CACHE_SHARED_MAX_AGE`` sets its ``s-maxage``, 0 by default: it revalidates each time
with the ``ETag`` Django's ``ConditionalGetMiddleware`` adds, and gets a 304 while nothing
changed); storefront pages and anything answered to a signed-in visitor are ``private``: a page
carries its visitor's basket and CSRF token. Both vary on the language and the credentials.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.deprecation import MiddlewareMixin

from commerce.response_cache.parts import product_history_update, visitor_parts_render
from commerce.response_cache.services import (
    API,
    PAGE,
    answer_rebuild,
    cached_answer_get,
    cached_answer_key,
    cached_answer_store,
)

# Oscar's storefront views, by namespace and URL name.
STOREFRONT_PAGES = {("catalogue", "index"), ("catalogue", "category"), ("catalogue", "detail")}
STOREFRONT_PAGES |= {("search", "search")}
PRODUCT_PAGE = ("catalogue", "detail")
API_READS = {
    ("", "product-list"),
    ("", "product-detail"),
    ("", "product-price"),
    ("", "product-availability"),
    ("", "category-list"),
    ("", "category-detail"),
    ("", "api-category-tree"),
    ("", "api-catalogue-products"),
    ("", "api-search"),
    ("", "api-search-suggest"),
    ("wagtailapi:pages", "listing"),
    ("wagtailapi:pages", "detail"),
}
# Wagtail keeps the page passwords a visitor entered in the session.
WAGTAIL_PASSED_RESTRICTIONS = "passed_page_view_restrictions"
HEADER = "X-Response-Cache"


@dataclass
class _State:
    kind: str
    private: bool = False
    key: str | None = None
    version: int | None = None


def _answer_kind(request) -> str | None:
    match = request.resolver_match
    if match is None:
        return None
    name = (match.namespace, match.url_name)
    if name in API_READS:
        return API
    if name in STOREFRONT_PAGES:
        return PAGE
    if match.func.__module__ == "wagtail.views" and match.func.__name__ == "serve":
        return PAGE
    return None


def _visitor_is_known(request, kind: str) -> bool:
    """Whether the answer may be this visitor's own (their prices, a page only they may see)."""
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    if request.user.is_authenticated:
        return True
    return kind == PAGE and WAGTAIL_PASSED_RESTRICTIONS in request.session


def _api_refusal(request, view_func, view_args, view_kwargs):
    """What the API view would refuse before answering (its rate limits above all), or None.

    A cached answer skips the view, not its rules: DRF's ``initial`` runs the view's
    authentication, permission and throttle checks as its own dispatch would, and a refusal is
    answered in the API's error format.
    """
    view_class = getattr(view_func, "cls", None)
    if view_class is None:
        return None
    view = view_class(**getattr(view_func, "initkwargs", {}))
    actions = getattr(view_func, "actions", None)
    if actions:
        view.action_map = actions
        view.action = actions.get(request.method.lower())
    view.args, view.kwargs = view_args, view_kwargs
    drf_request = view.initialize_request(request, *view_args, **view_kwargs)
    view.request = drf_request
    view.headers = view.default_response_headers
    try:
        view.initial(drf_request, *view_args, **view_kwargs)
    except Exception as error:  # noqa: BLE001 - DRF turns each into its answer
        response = view.handle_exception(error)
        response = view.finalize_response(drf_request, response, *view_args, **view_kwargs)
        return response.render()
    return None


class ResponseCacheMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        kind = _answer_kind(request)
        if kind is None:
            return None
        state = request._response_cache = _State(kind=kind)
        if request.method not in ("GET", "HEAD"):
            return None
        if _visitor_is_known(request, kind):
            state.private = True
            return None
        key = cached_answer_key(request=request, kind=kind)
        if key is None:
            return None
        version, answer = cached_answer_get(key=key)
        if version is None:
            return None
        if answer is None:
            state.key, state.version = key, version
            return None
        if kind == API:
            refusal = _api_refusal(request, view_func, view_args, view_kwargs)
            if refusal is not None:
                return refusal
        parts = visitor_parts_render(request=request, names=answer.part_names)
        response = answer_rebuild(
            answer=answer,
            parts=parts,
            csrf_token=(lambda: get_token(request)) if kind == PAGE else None,
        )
        match = request.resolver_match
        if (match.namespace, match.url_name) == PRODUCT_PAGE:
            product_history_update(
                request=request, response=response, product_id=int(view_kwargs["pk"])
            )
        response[HEADER] = "hit"
        return response

    def process_response(self, request, response):
        state = getattr(request, "_response_cache", None)
        if state is None:
            return response
        if (
            state.key is not None
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
        ):
            if cached_answer_store(key=state.key, version=state.version, response=response):
                response[HEADER] = "miss"
        self._cache_headers(response, state)
        return response

    @staticmethod
    def _cache_headers(response, state: _State) -> None:
        if response.has_header("Cache-Control"):
            return  # the view said it itself (never_cache, a private page...)
        patch_vary_headers(response, ("Accept-Language", "Cookie", "Authorization"))
        if state.kind == API and not state.private:
            patch_cache_control(
                response,
                public=True,
                max_age=0,
                s_maxage=settings.RESPONSE_CACHE_SHARED_MAX_AGE,
                must_revalidate=True,
            )
        else:
            patch_cache_control(response, private=True, max_age=0)
