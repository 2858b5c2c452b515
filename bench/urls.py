"""URL map of the HTTP bench (bench/settings.py): the shop's own, plus the ceiling's view.

``/bench/minimal/`` answers a small JSON document through the project's whole middleware stack
and nothing else (no database, no template): the most requests per second a gunicorn worker of
this project can serve, against which bench/http_bench.py sets every other URL.
"""

from django.http import JsonResponse
from django.urls import path

from nexus_site import urls as shop_urls

# Django reads the error handlers from the root URL map only.
handler404 = shop_urls.handler404


def minimal(request):
    return JsonResponse({"status": "ok"})


# The shop's patterns themselves, not include()d: Django refuses i18n_patterns (the /en/ and /fr/
# storefront) anywhere but in the root URL map.
urlpatterns = [path("bench/minimal/", minimal, name="bench-minimal"), *shop_urls.urlpatterns]
