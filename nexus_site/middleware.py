"""Project middleware."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import get_urlconf, is_valid_path
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, with the API negotiating its language and no stray redirects.

    Storefront and Wagtail pages take their language from the URL prefix (/en/, /fr/); an
    unprefixed storefront path redirects to the prefixed one in the visitor's language (the
    language cookie set by the switcher, else Accept-Language).

    The API has no prefix: a request's Accept-Language header chooses the language there, before
    the language cookie a browser may carry from the storefront, so a headless client gets what it
    asks for. Catalogue fields then read that language's column, falling back to English.

    Django redirects a 404 on an unprefixed path to the prefixed one when that one resolves; the
    Wagtail page tree resolves every prefixed path, so a 404 from the API (an unknown order, an
    unknown route) would turn into a redirect to a storefront page. A 404 under an unprefixed
    mount, or on a path that resolves without a language prefix, stands.
    """

    #: Paths served without a language prefix (see the URL map in nexus_site/urls.py).
    unprefixed_mounts = ("/api/", "/dashboard/", "/cms/", "/django-admin/", "/health/")
    #: Of those, the ones whose language comes from Accept-Language first.
    header_language_mounts = ("/api/",)

    def process_request(self, request):
        if request.path_info.startswith(self.header_language_mounts):
            language = _language_from_header(request)
            if language is not None:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
                return
        super().process_request(request)

    def process_response(self, request, response):
        if response.status_code == 404 and self._is_unprefixed_path(request):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)

    def _is_unprefixed_path(self, request) -> bool:
        path = request.path_info
        return path.startswith(self.unprefixed_mounts) or is_valid_path(
            path, getattr(request, "urlconf", None) or get_urlconf()
        )


def _language_from_header(request) -> str | None:
    """The first supported language in the Accept-Language header, if any."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None
