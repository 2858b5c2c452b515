"""URL patterns mounted under /api/ (before django-oscar-api's own)."""

from django.urls import path

from commerce.order.api.views import account as views

urlpatterns: list = [
    path("account/orders/", views.AccountOrderListView.as_view(), name="api-account-order-list"),
    path(
        "account/orders/<str:number>/",
        views.AccountOrderDetailView.as_view(),
        name="api-account-order-detail",
    ),
]
