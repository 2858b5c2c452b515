"""Replaces ``oscarapi.views.basic.BasketDetail`` (``/api/baskets/<id>/``)."""

from __future__ import annotations

from oscarapi.views import basic as oscarapi_basic

from commerce.basket.api.serializers.guarded import BasketDetailSerializer


class BasketDetail(oscarapi_basic.BasketDetail):
    """Read or delete one's basket. Its owner, status and totals are the shop's: a PUT or PATCH
    naming any field answers 400 and changes nothing (django-oscar-api's own view would hand the
    basket to another user, freeze it or take a total)."""

    serializer_class = BasketDetailSerializer
