"""Replaces ``oscarapi.views.basket``'s add-product, add-voucher, shipping-methods and line views:
their refusals answer in the API's error format (``{"code", "message", "errors"}``) with a 400 or
409 instead of django-oscar-api's ``406 {"reason": ...}``, and a line's basket, product and prices
cannot be written. The OpenAPI descriptions are in ``nexus_site/api_schema.py``."""

from __future__ import annotations

from oscarapi.views import basket as oscarapi_basket
from rest_framework import serializers

from commerce.basket.api.serializers.guarded import BasketLineDetailSerializer
from commerce.basket.limits import line_quantity_refusal
from nexus_site.api_errors import Conflict, api_error


class AddProductView(oscarapi_basket.AddProductView):
    """``POST /api/basket/add-product/``: 400 ``invalid`` for a bad body or a quantity over the
    basket's limit, 409 ``out_of_stock`` when the product cannot be bought in that quantity."""

    def post(self, request, *args, **kwargs):
        body = self.add_product_serializer_class(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        return super().post(request, *args, **kwargs)

    def validate(self, basket, product, quantity, options):
        in_line = basket.product_quantity(product) + quantity
        allowed, message = basket.is_quantity_allowed(in_line)
        message = message if not allowed else line_quantity_refusal(quantity=in_line)
        if message:
            raise serializers.ValidationError({"quantity": [message]})
        # What is left for django-oscar-api's checks to refuse is the product's availability.
        available, message = super().validate(basket, product, quantity, options)
        if not available:
            raise Conflict(message, code="out_of_stock")
        return True, None


class AddVoucherView(oscarapi_basket.AddVoucherView):
    """``POST /api/basket/add-voucher/``: 400 ``invalid`` for an unknown, expired or unavailable
    code, 400 ``voucher_not_applicable`` when the basket does not qualify for its discount."""

    def post(self, request, *args, **kwargs):
        body = self.add_voucher_serializer_class(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        response = super().post(request, *args, **kwargs)
        if response.status_code == 406:  # the only refusal left: the basket does not qualify
            message = str(response.data["reason"])
            return api_error(
                code="voucher_not_applicable",
                message=message,
                http_status=400,
                errors={"vouchercode": [message]},
            )
        return response


class ShippingMethodView(oscarapi_basket.ShippingMethodView):
    """``/api/basket/shipping-methods/``: an invalid address is a 400 in the error format."""

    def post(self, request, *args, **kwargs):
        self.serializer_class(data=request.data, context={"request": request}).is_valid(
            raise_exception=True
        )
        return super().post(request, *args, **kwargs)


class BasketLineDetail(oscarapi_basket.BasketLineDetail):
    """``/api/baskets/<basket id>/lines/<id>/``: only a line's quantity can change; naming its
    basket, product, stock record or prices answers 400."""

    serializer_class = BasketLineDetailSerializer
