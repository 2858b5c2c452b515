"""Project middleware."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import get_urlconf, is_valid_path


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus the language redirect for a view's own 404.

    Django redirects a 404 on an unprefixed path to the prefixed one when that one resolves; the
    Wagtail page tree resolves every prefixed path, so a 404 from the API (an unknown order, an
    unknown webhook provider) would turn into a redirect to a storefront page. A path that
    resolves without a language prefix is not a storefront path: its 404 stands.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and is_valid_path(
            request.path_info, getattr(request, "urlconf", None) or get_urlconf()
        ):
            return response
        return super().process_response(request, response)
