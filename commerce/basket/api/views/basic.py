"""Replaces ``oscarapi.views.basic``'s basket list and basket detail (``/api/baskets/``,
``/api/baskets/<id>/``), found by django-oscar-api's loader through
``OSCARAPI_OVERRIDE_MODULES``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from oscarapi.basket import operations
from oscarapi.serializers.basket import BasketSerializer
from oscarapi.views import basic as oscarapi_basic

from commerce.api.schema import error_response
from commerce.basket.api.serializers.guarded import BasketDetailSerializer

READ_ONLY_BODY = (
    "Nothing here is the caller's to change: a body naming any field answers 400 "
    "(`invalid`, one message per field) and changes nothing."
)
# The answer is django-oscar-api's basket (documented once, as ``Basket``).
READ_ONLY_RESPONSES = {
    200: BasketSerializer,
    400: error_response("A field was named: the basket's fields are all read-only."),
}


class BasketList(oscarapi_basic.BasketList):
    """The caller's own baskets (an anonymous caller: the session's); an anonymous caller with
    none gets [] (not the crash django-oscar-api gives). A short list, not paged, as
    django-oscar-api answers it."""

    pagination_class = None

    def get_queryset(self):
        if (
            not self.request.user.is_authenticated
            and operations.get_anonymous_basket(self.request) is None
        ):
            return self.queryset.none()
        return super().get_queryset()


@extend_schema_view(
    get=extend_schema(responses={200: BasketSerializer}),
    put=extend_schema(description=READ_ONLY_BODY, responses=READ_ONLY_RESPONSES),
    patch=extend_schema(description=READ_ONLY_BODY, responses=READ_ONLY_RESPONSES),
)
class BasketDetail(oscarapi_basic.BasketDetail):
    """Read or delete one's basket. Its owner, status and totals are the shop's: a PUT or PATCH
    naming any field answers 400 and changes nothing (django-oscar-api's own view would hand the
    basket to another user, freeze it or take a total)."""

    serializer_class = BasketDetailSerializer
