"""GET /api/search/ and /api/search/suggest/: thin entry points over the search service."""

import math

from django.conf import settings
from django.utils.http import urlencode
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from commerce.api.schema import error_response
from commerce.catalogue import selectors as catalogue_selectors
from commerce.catalogue.api.serializers import ProductSummarySerializer, product_summaries
from search import selectors, services
from search.api.serializers import ProductSearchParamsSerializer, SuggestParamsSerializer


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


class FacetCountSerializer(serializers.Serializer):
    value = serializers.CharField()
    count = serializers.IntegerField()


class SuggestedCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField(help_text="The category's storefront page.")


class ProductSearchResultsSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    backend = serializers.CharField(help_text="The search backend that answered.")
    corrected_query = serializers.CharField(
        allow_null=True,
        help_text="The query as searched when misspelt words were corrected (show “Showing "
        "results for …”), else null.",
    )
    results = ProductSummarySerializer(many=True)
    suggested_categories = SuggestedCategorySerializer(
        many=True,
        help_text="When a query finds nothing: the top-level categories with the most products.",
    )
    facets = serializers.DictField(
        child=FacetCountSerializer(many=True),
        help_text="Counts per facet (category, price_range, in_stock), by value.",
    )


class ProductSearchView(APIView):
    permission_classes = ()

    @extend_schema(
        summary="Search products",
        parameters=[ProductSearchParamsSerializer],
        responses={
            200: ProductSearchResultsSerializer,
            400: error_response("A query parameter is not valid."),
        },
    )
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
        # Summaries show neither options nor images: only what prices them is fetched, once for
        # the page (product_summaries).
        products = catalogue_selectors.products_in_order(
            product_ids=hits.ids,
            products=catalogue_selectors.products_for_listing().prefetch_related(None),
        )
        results = product_summaries(products=products, request=request)
        num_pages = max(math.ceil(hits.total / hits.per_page), 1)
        return Response(
            ProductSearchResultsSerializer(
                {
                    "count": hits.total,
                    "page": hits.page,
                    "page_size": hits.per_page,
                    "num_pages": num_pages,
                    "next": self._page_url(request, hits.page + 1)
                    if hits.page < num_pages
                    else None,
                    "previous": self._page_url(request, hits.page - 1) if hits.page > 1 else None,
                    "backend": hits.backend,
                    "corrected_query": hits.corrected_text,
                    "results": results,
                    "suggested_categories": [
                        {"id": entry.pk, "name": entry.name, "url": entry.url}
                        for entry in services.categories_offered(query=query, hits=hits)
                    ],
                    "facets": {
                        name: [{"value": f.value, "count": f.count} for f in counts]
                        for name, counts in hits.facets.items()
                    },
                }
            ).data
        )

    @staticmethod
    def _page_url(request, page: int) -> str:
        params = request.query_params.copy()
        params["page"] = page
        return request.build_absolute_uri(f"{request.path}?{urlencode(params, doseq=True)}")


class SearchSuggestionsSerializer(serializers.Serializer):
    q = serializers.CharField()
    suggestions = serializers.ListField(child=serializers.CharField())


class SuggestView(APIView):
    permission_classes = ()

    @extend_schema(
        summary="Suggest search terms as the customer types",
        parameters=[SuggestParamsSerializer],
        responses={
            200: SearchSuggestionsSerializer,
            400: error_response("A query parameter is not valid."),
        },
    )
    def get(self, request):
        params = SuggestParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        suggestions = services.products_suggest(
            language=_language(),
            text=params.validated_data["q"],
            limit=params.validated_data["limit"],
        )
        return Response(
            SearchSuggestionsSerializer(
                {"q": params.validated_data["q"], "suggestions": suggestions}
            ).data
        )
