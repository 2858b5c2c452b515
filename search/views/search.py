from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import urlencode

from search.views.base import ProductSearchView


class FacetedSearchView(ProductSearchView):
    """The storefront search page: products matching the query, with facets."""

    template_name = "oscar/search/results.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return redirect(f"{request.path}?{urlencode({'q': request.GET.get('q', '')})}")
