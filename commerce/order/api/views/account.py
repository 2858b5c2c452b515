"""GET /api/account/orders/ and /api/account/orders/<number>/: the caller's own orders."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated

from commerce.api.schema import error_response
from commerce.order import selectors
from commerce.order.api.serializers import AccountOrderDetailSerializer, AccountOrderSerializer


@extend_schema_view(get=extend_schema(summary="The caller's orders, newest first"))
class AccountOrderListView(generics.ListAPIView):
    permission_classes = (IsAuthenticated,)
    serializer_class = AccountOrderSerializer

    def get_queryset(self):
        return selectors.orders_of_user(user=self.request.user)


@extend_schema_view(
    get=extend_schema(
        summary="One of the caller's orders, with its lines, shipping, payment and history",
        responses={
            200: AccountOrderDetailSerializer,
            404: error_response("No such order of the caller's."),
        },
    )
)
class AccountOrderDetailView(generics.RetrieveAPIView):
    permission_classes = (IsAuthenticated,)
    serializer_class = AccountOrderDetailSerializer
    lookup_field = "number"

    def get_queryset(self):
        return selectors.orders_of_user(user=self.request.user)

    def get_object(self):
        order = selectors.order_of_user(user=self.request.user, number=self.kwargs["number"])
        if order is None:
            raise NotFound
        return order
