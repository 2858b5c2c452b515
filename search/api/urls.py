from django.urls import path

from search.api.views import ProductSearchView, SuggestView

urlpatterns = [
    path("", ProductSearchView.as_view(), name="api-search"),
    path("suggest/", SuggestView.as_view(), name="api-search-suggest"),
]
