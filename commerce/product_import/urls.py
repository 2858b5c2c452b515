"""The import URLs, mounted by nexus_site.urls under their prefixes:

- ``dashboard_urlpatterns`` under ``dashboard/catalogue/import/``
- ``api_urlpatterns`` under ``api/products/import/`` (before django-oscar-api's routes)
"""

from django.urls import path

from commerce.product_import import dashboard_views
from commerce.product_import.api import views as api_views

dashboard_urlpatterns = [
    path("", dashboard_views.ProductImportView.as_view(), name="dashboard-product-import"),
    path(
        "<uuid:public_id>/",
        dashboard_views.ImportJobView.as_view(),
        name="dashboard-product-import-job",
    ),
    path(
        "<uuid:public_id>/file/",
        dashboard_views.ImportFileView.as_view(),
        name="dashboard-product-import-file",
    ),
]

api_urlpatterns = [
    path("", api_views.ProductImportView.as_view(), name="api-product-import"),
    # Any string, so that an id that is not a UUID gets the API's 404 body, not Django's page.
    path(
        "<str:public_id>/",
        api_views.ProductImportDetailView.as_view(),
        name="api-product-import-detail",
    ),
]
