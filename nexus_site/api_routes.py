"""API routes mounted under /api/ before django-oscar-api's own, for what its override seam
(``OSCARAPI_OVERRIDE_MODULES``, where our replacements of its views live) cannot do:

- the JWT sign-in (simplejwt's views, which django-oscar-api does not mount);
- our own checkout in place of django-oscar-api's (``commerce.checkout.api``: not a variant of
  its view but another one);
- ids the database can hold: django-oscar-api's routes take any ``int``, and an id too long for
  the database overflows in the query (500) on the routes below; here (``dbid``, registered in
  ``urls.py``) such an id is no route (404). The views are the ones django-oscar-api's loader
  gives: ours where we replace them.

Each with its format-suffixed twin (``/api/checkout.json``), so no suffixed route of
django-oscar-api's reaches the view replaced.
"""

from django.urls import path
from oscarapi.utils.loading import get_api_class
from rest_framework.urlpatterns import format_suffix_patterns

from commerce.checkout.api.views import CheckoutView
from commerce.customer.api.views import tokens

urlpatterns = [
    path("auth/token/", tokens.TokenObtainPairView.as_view(), name="api-token"),
    path("auth/token/refresh/", tokens.TokenRefreshView.as_view(), name="api-token-refresh"),
    path("auth/token/verify/", tokens.TokenVerifyView.as_view(), name="api-token-verify"),
    *format_suffix_patterns(
        [
            path("checkout/", CheckoutView.as_view(), name="api-checkout"),
            path(
                "baskets/<dbid:pk>/lines/",
                get_api_class("views.basket", "LineList").as_view(),
                name="basket-lines-list",
            ),
            path(
                "products/<dbid:pk>/stockrecords/",
                get_api_class("views.product", "ProductStockRecords").as_view(),
                name="product-stockrecords",
            ),
            path(
                "orders/<dbid:pk>/lines/",
                get_api_class("views.checkout", "OrderLineList").as_view(),
                name="order-lines-list",
            ),
            path(
                "orderlines/<dbid:pk>/",
                get_api_class("views.checkout", "OrderLineDetail").as_view(),
                name="order-lines-detail",
            ),
            path(
                "orderlineattributes/<dbid:pk>/",
                get_api_class("views.checkout", "OrderLineAttributeDetail").as_view(),
                name="order-lineattributes-detail",
            ),
        ]
    ),
]
