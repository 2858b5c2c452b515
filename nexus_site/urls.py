"""URL map: see the table in README.md.

Storefront and Wagtail pages carry the language (/en/, /fr/); back offices, the API and the health
check do not.
"""

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, register_converter
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from cms.api import api_router
from commerce.api.converters import DatabaseIdConverter
from commerce.checkout.api.views import OrderPaymentView
from commerce.communication import urls as communication_urls
from commerce.order.dashboard_views import OrderCancelView, OrderRefundView, OrderShipView
from commerce.product_import import urls as product_import_urls
from nexus_site.health import health, health_live
from search.dashboard_views import SynonymsView

# API ids the database can hold (nexus_site.api_routes, commerce.catalogue.api.urls).
register_converter(DatabaseIdConverter, "dbid")

shop = apps.get_app_config("oscar")
# Oscar's storefront without its home redirect (Wagtail owns "/") and without the dashboard,
# which is mounted unprefixed below.
storefront_urls = [
    pattern for pattern in shop.urls[0] if str(pattern.pattern) not in ("", "dashboard/")
]

urlpatterns = [
    path("health/", health, name="health"),
    path("health/live/", health_live, name="health-live"),
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dashboard/search/synonyms/", SynonymsView.as_view(), name="dashboard-search-synonyms"),
    path("dashboard/orders/<str:number>/ship/", OrderShipView.as_view(), name="order-ship"),
    path("dashboard/orders/<str:number>/cancel/", OrderCancelView.as_view(), name="order-cancel"),
    path("dashboard/orders/<str:number>/refund/", OrderRefundView.as_view(), name="order-refund"),
    path("dashboard/notifications/", include(communication_urls.dashboard_urlpatterns)),
    path("dashboard/catalogue/import/", include(product_import_urls.dashboard_urlpatterns)),
    path("dashboard/", shop.dashboard_app.urls),
    path("api/cms/", api_router.urls),
    path("api/search/", include("search.api.urls")),
    path("", include("commerce.payment.urls")),
    # Before django-oscar-api's routes: the routes its override seam cannot replace.
    path("api/", include("nexus_site.api_routes")),
    path("api/orders/<int:pk>/payment/", OrderPaymentView.as_view(), name="api-payment"),
    path("api/account/notifications/", include(communication_urls.api_urlpatterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/", include("commerce.customer.api.urls")),
    path("api/", include("commerce.catalogue.api.urls")),
    path("api/", include("commerce.order.api.urls")),
    path("api/products/import/", include(product_import_urls.api_urlpatterns)),
    path("api/", include("oscarapi.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

# An unknown /api/ path answers 404 in the API's error format (other paths: Django's page).
handler404 = "commerce.api.errors.not_found"

urlpatterns += i18n_patterns(
    # The home page is Wagtail's root page; Oscar templates link to it by the name "home".
    path("", wagtail_serve, {"path": ""}, name="home"),
    path("accounts/notifications/", include(communication_urls.account_urlpatterns)),
    path("", include(storefront_urls)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    # django.conf.urls.static.static() serves nothing when DEBUG is off, hence the explicit route.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
