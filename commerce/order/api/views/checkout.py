"""Replaces ``oscarapi.views.checkout``'s order line views (found by django-oscar-api's loader
through ``OSCARAPI_OVERRIDE_MODULES``).

django-oscar-api's order line views filter by ``request.user`` without asking for a signed-in
user (an anonymous call crashes), and its line attribute view does not filter at all: any caller
could read any order's line options. Ours: signed in, and only the caller's orders.
"""

from __future__ import annotations

from oscarapi.views import checkout as oscarapi_checkout
from rest_framework.permissions import IsAuthenticated


class OrderLineList(oscarapi_checkout.OrderLineList):
    """``GET /api/orders/<id>/lines/``: one order's lines, a short list not paged (as
    django-oscar-api answers it)."""

    permission_classes = (IsAuthenticated,)
    pagination_class = None


class OrderLineDetail(oscarapi_checkout.OrderLineDetail):
    permission_classes = (IsAuthenticated,)


class OrderLineAttributeDetail(oscarapi_checkout.OrderLineAttributeDetail):
    permission_classes = (IsAuthenticated,)

    def get_queryset(self):
        return super().get_queryset().filter(line__order__user=self.request.user)
