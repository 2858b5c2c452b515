"""URL patterns mounted under /api/ (before django-oscar-api's own)."""

from django.urls import path

from commerce.catalogue.api import views

urlpatterns: list = [
    # Before django-oscar-api's /categories/<breadcrumbs>/, which would read "tree" as a slug.
    path("categories/tree/", views.CategoryTreeView.as_view(), name="api-category-tree"),
    path("catalogue/products/", views.ProductListView.as_view(), name="api-catalogue-products"),
]
