"""URL patterns mounted under /api/ (before django-oscar-api's own)."""

from django.urls import path

from commerce.catalogue.api.views import browse as views

urlpatterns: list = [
    # Before django-oscar-api's /categories/<breadcrumbs>/, which would read "tree" as a slug.
    path("categories/tree/", views.CategoryTreeView.as_view(), name="api-category-tree"),
    # Before django-oscar-api's /categories/<breadcrumbs>/ too, which would take "5/average-price"
    # for slugs. dbid: an id too long for the database is no route (404), not an overflow.
    path(
        "categories/<dbid:pk>/average-price/",
        views.CategoryAveragePriceView.as_view(),
        name="api-category-average-price",
    ),
    path("catalogue/products/", views.ProductListView.as_view(), name="api-catalogue-products"),
]
