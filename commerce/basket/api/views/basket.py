"""Replaces ``oscarapi.views.basket``'s add-product, add-voucher, shipping-methods and line views
(found by django-oscar-api's loader through ``OSCARAPI_OVERRIDE_MODULES``): their refusals answer
in the API's error format (``{"code", "message", "errors"}``) with a 400 or 409 instead of
django-oscar-api's ``406 {"reason": ...}``, voucher codes tried are limited, and a line's basket,
product and prices cannot be written. Each view's OpenAPI description is on it."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from oscarapi.serializers.basket import BasketSerializer, VoucherAddSerializer, VoucherSerializer
from oscarapi.serializers.checkout import ShippingAddressSerializer
from oscarapi.serializers.product import AddProductSerializer
from oscarapi.views import basket as oscarapi_basket
from rest_framework import exceptions, serializers

from commerce.api.errors import Conflict, api_error
from commerce.api.schema import error_response
from commerce.basket.api.serializers.guarded import BasketLineDetailSerializer
from commerce.basket.api.serializers.shipping import TypedShippingMethod
from commerce.basket.limits import line_quantity_refusal
from commerce.basket.throttles import VoucherAttemptsLimitedMixin


@extend_schema_view(
    post=extend_schema(
        summary="Add a product to the basket",
        request=AddProductSerializer,
        responses={
            200: BasketSerializer,
            400: error_response("The body is not valid, or the quantity is over the limit."),
            409: error_response("`out_of_stock`: the product cannot be bought in this quantity."),
        },
    )
)
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


@extend_schema_view(
    post=extend_schema(
        summary="Add a voucher to the basket",
        request=VoucherAddSerializer,
        responses={
            200: VoucherSerializer,
            400: error_response(
                "`invalid`: the code is unknown, expired or not available to the "
                "caller; `voucher_not_applicable`: the basket does not qualify."
            ),
        },
    )
)
class AddVoucherView(VoucherAttemptsLimitedMixin, oscarapi_basket.AddVoucherView):
    """``POST /api/basket/add-voucher/``: 400 ``invalid`` for an unknown, expired or unavailable
    code, 400 ``voucher_not_applicable`` when the basket does not qualify for its discount. The
    codes tried are limited per basket and per IP (429 with Retry-After), as on the storefront."""

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


@extend_schema_view(
    # GET lists the methods for the basket; POST takes an address and lists them for it.
    get=extend_schema(responses={200: TypedShippingMethod(many=True)}),
    post=extend_schema(
        request=ShippingAddressSerializer,
        responses={
            200: TypedShippingMethod(many=True),
            400: error_response("The address is not valid."),
        },
    ),
)
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


class LineList(oscarapi_basket.LineList):
    """``/api/baskets/<id>/lines/``: a basket's lines, a short list not paged (as django-oscar-api
    answers it). On POST the body's ``basket`` must be the basket in the address: a missing,
    unknown or other basket there is 400 ``invalid`` naming ``basket`` (django-oscar-api answers
    406 ``not_acceptable``); a basket that is not the caller's, in the address or in the body, is
    403."""

    pagination_class = None

    def post(self, request, pk=None, format=None):
        # Whose basket is in the URL first: another customer's is a 403 whatever the body says.
        url_basket = self.check_basket_permission(request, basket_pk=pk)
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
        data_basket = self.check_basket_permission(
            request, basket=self.get_data_basket(request.data, format)
        )
        if data_basket != url_basket:
            raise exceptions.ValidationError(
                {"basket": [_("The line's basket must be the basket in the address.")]}
            )
        return super().post(request, pk=pk, format=format)

    def get_data_basket(self, DATA, format):  # noqa: N803 (django-oscar-api's signature)
        try:
            return super().get_data_basket(DATA, format)
        except (exceptions.NotAcceptable, exceptions.ValidationError) as refusal:
            detail = refusal.detail if isinstance(refusal.detail, list) else [refusal.detail]
            raise exceptions.ValidationError({"basket": detail}) from refusal
