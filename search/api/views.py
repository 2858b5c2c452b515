"""GET /api/search/ and /api/search/suggest/: thin entry points over the search service."""

import math

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from oscar.core.loading import get_class
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.serializers import product_summary
from search import selectors, services
from search.api.serializers import ProductSearchParamsSerializer, SuggestParamsSerializer

Selector = get_class("partner.strategy", "Selector")


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


class ProductSearchView(APIView):
    permission_classes = ()

    def get(self, request):
        params = ProductSearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        query = selectors.product_query_build(
            text=data["q"],
            language=_language(),
            selected={},
            category_id=data.get("category"),
            min_price=data.get("min_price"),
            max_price=data.get("max_price"),
            in_stock=data["in_stock"],
            sort=data["sort"],
            page=data["page"],
            per_page=data["page_size"],
        )
        hits = services.products_search(query=query)
        strategy = Selector().strategy(request=request, user=request.user)
        results = []
        for product in selectors.products_in_order(ids=hits.ids):
            summary = product_summary(product=product, strategy=strategy, request=request)
            summary["api_url"] = request.build_absolute_uri(
                reverse("product-detail", kwargs={"pk": product.pk})
            )
            results.append(summary)
        num_pages = max(math.ceil(hits.total / hits.per_page), 1)
        return Response(
            {
                "count": hits.total,
                "page": hits.page,
                "page_size": hits.per_page,
                "num_pages": num_pages,
                "next": self._page_url(request, hits.page + 1) if hits.page < num_pages else None,
                "previous": self._page_url(request, hits.page - 1) if hits.page > 1 else None,
                "backend": hits.backend,
                "results": results,
                "facets": {
                    name: [{"value": f.value, "count": f.count} for f in counts]
                    for name, counts in hits.facets.items()
                },
            }
        )

    @staticmethod
    def _page_url(request, page: int) -> str:
        params = request.query_params.copy()
        params["page"] = page
        return request.build_absolute_uri(f"{request.path}?{urlencode(params, doseq=True)}")


class SuggestView(APIView):
    permission_classes = ()

    def get(self, request):
        params = SuggestParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        suggestions = services.products_suggest(
            language=_language(),
            text=params.validated_data["q"],
            limit=params.validated_data["limit"],
        )
        return Response({"q": params.validated_data["q"], "suggestions": suggestions})
