"""``POST /api/checkout/``: place the order, open the payment, honour ``Idempotency-Key``."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from oscar.core.loading import get_model
from oscarapi.basket.operations import get_basket_id_from_session, request_allows_access_to_basket
from oscarapi.signals import oscarapi_post_checkout
from oscarapi.utils.loading import get_api_class
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from commerce.api.errors import api_error
from commerce.api.schema import error_response
from commerce.checkout.api.serializers import CheckoutOrderSerializer, CheckoutSerializer
from commerce.checkout.errors import CheckoutError, CheckoutErrorCode
from commerce.checkout.idempotency import KEY_MAX_LENGTH, IdempotencyClaim, request_fingerprint
from commerce.checkout.locking import BasketCheckedOut
from commerce.checkout.services import CheckoutResult, checkout_complete, checkout_replay
from commerce.order import statuses
from commerce.payment.services import order_source

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
BillingAddress = get_model("order", "BillingAddress")
parse_basket_from_hyperlink = get_api_class("views.utils", "parse_basket_from_hyperlink")

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY = OpenApiParameter(
    name=IDEMPOTENCY_HEADER,
    type=str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Makes retries safe: the same key with the same body returns the same order.",
)
IDEMPOTENT_REPLAYED = OpenApiParameter(
    name="Idempotent-Replayed",
    type=str,
    location=OpenApiParameter.HEADER,
    response=[201],
    description="`true` when the response replays an order placed earlier with the same key.",
)

# How each reason a checkout did not go through is answered; the 409s name the basket.
_REFUSAL_STATUS = {
    CheckoutErrorCode.BASKET_CHECKED_OUT: status.HTTP_409_CONFLICT,
    CheckoutErrorCode.OUT_OF_STOCK: status.HTTP_409_CONFLICT,
    CheckoutErrorCode.IDEMPOTENCY_KEY_REUSED: status.HTTP_422_UNPROCESSABLE_ENTITY,
    CheckoutErrorCode.PAYMENT_UNAVAILABLE: status.HTTP_502_BAD_GATEWAY,
}


class CheckoutView(APIView):
    """Place an order from the caller's basket and open its payment.

    The order is created in ``Pending payment`` with its stock allocated; the response carries
    ``payment.redirect_url`` (the provider's page) and the order's URL to follow its status.
    Send an ``Idempotency-Key`` header to make retries safe: the same key with the same body
    returns the same order; with a different body, 422.
    """

    serializer_class = CheckoutSerializer

    @extend_schema(
        summary="Place an order from the basket and open its payment",
        parameters=[IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED],
        # serializer_class (our CheckoutSerializer) is the request body.
        responses={
            201: CheckoutOrderSerializer,
            400: error_response("The request is not valid, or the basket is missing."),
            403: error_response("The basket is not the caller's, or is already checked out."),
            409: error_response("A product in the basket is out of stock."),
            422: error_response("The Idempotency-Key was used with a different request body."),
            502: error_response("The payment provider could not be reached."),
        },
    )
    def post(self, request, format=None):
        if not isinstance(request.data, dict):
            return api_error(
                code="invalid",
                message=_("The request body must be a JSON object."),
                http_status=400,
                errors={"non_field_errors": [_("Expected a JSON object.")]},
            )
        basket = parse_basket_from_hyperlink(request.data, format)
        if basket is None:
            return api_error(
                code="invalid",
                message=_("A basket is required."),
                http_status=400,
                errors={"basket": [_("This field is required.")]},
            )
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
        if len(key) > KEY_MAX_LENGTH:
            return api_error(
                code="invalid",
                message=_("%(header)s is too long (%(max)s characters at most).")
                % {"header": IDEMPOTENCY_HEADER, "max": KEY_MAX_LENGTH},
                http_status=400,
                errors={
                    IDEMPOTENCY_HEADER: [_("At most %(max)s characters.") % {"max": KEY_MAX_LENGTH}]
                },
            )
        owner = self._owner(request, basket)
        idempotency = (
            IdempotencyClaim(
                key=key, owner=owner, fingerprint=request_fingerprint(data=request.data)
            )
            if key
            else None
        )
        try:
            if idempotency is not None and self._may_replay(request, owner=owner):
                replay = checkout_replay(request=request, idempotency=idempotency)
                if replay is not None:
                    return self._respond(request, replay)

            if not request_allows_access_to_basket(request, basket):
                if basket.status != Basket.OPEN and self._owns(request, basket):
                    # The caller's own basket, checked out by an earlier or parallel request.
                    raise CheckoutError(
                        code=CheckoutErrorCode.BASKET_CHECKED_OUT, message=str(BasketCheckedOut())
                    )
                return api_error(
                    code="permission_denied",
                    message=_("This basket is not yours, or it has already been checked out."),
                    http_status=403,
                )
            serializer = self.serializer_class(data=request.data, context={"request": request})
            if not serializer.is_valid():
                return api_error(
                    code="invalid",
                    message=_("The checkout request is not valid."),
                    http_status=400,
                    errors=serializer.errors,
                )
            data = serializer.validated_data
            result = checkout_complete(
                request=request,
                basket=data["basket"],
                shipping_address=ShippingAddress(**data["shipping_address"])
                if "shipping_address" in data
                else None,
                billing_address=BillingAddress(**data["billing_address"])
                if "billing_address" in data
                else None,
                shipping_method=data["shipping_method"],
                shipping_charge=data["shipping_charge"],
                order_total=data["order_total"],
                guest_email=data.get("guest_email") or "",
                provider_code=data["payment_method"],
                payer_phone=data["phone"],
                idempotency=idempotency,
            )
        except CheckoutError as error:
            return self._refused(error)
        return self._respond(request, result)

    @staticmethod
    def _refused(error: CheckoutError) -> Response:
        names_the_basket = error.code in (
            CheckoutErrorCode.BASKET_CHECKED_OUT,
            CheckoutErrorCode.OUT_OF_STOCK,
        )
        return api_error(
            code=error.code.value,
            message=error.message,
            http_status=_REFUSAL_STATUS[error.code],
            errors={"basket": [error.message]} if names_the_basket else None,
        )

    @staticmethod
    def _owner(request, basket) -> str:
        if request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"basket:{basket.pk}"

    @staticmethod
    def _owns(request, basket) -> bool:
        if request.user.is_authenticated:
            return basket.owner_id == request.user.pk
        return get_basket_id_from_session(request) == basket.pk

    @staticmethod
    def _may_replay(request, *, owner: str) -> bool:
        # An anonymous key only replays for the session that owns the basket.
        if request.user.is_authenticated:
            return True
        return str(get_basket_id_from_session(request)) == owner.split(":", 1)[1]

    def _respond(self, request, result: CheckoutResult) -> Response:
        """The order and its payment, as placed now or by the request this one repeats."""
        order, source = result.order, result.payment
        payment = None
        if source is not None:
            payment = {
                "provider": source.source_type.code,
                "reference": source.reference,
                "redirect_url": source.redirect_url
                and request.build_absolute_uri(source.redirect_url),
            }
        order.refresh_from_db()
        body = CheckoutOrderSerializer(order, context={"request": request, "payment": payment}).data
        response = Response(body, status=status.HTTP_201_CREATED)
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        else:
            # As django-oscar-api's own checkout view does, once per order placed: a replay
            # returns an order that was announced when it was placed.
            oscarapi_post_checkout.send(
                sender=self, order=order, user=request.user, request=request, response=response
            )
        return response


class OrderPaymentView(APIView):
    """``GET /api/orders/<pk>/payment/``: back to the provider's page for an unpaid order.

    django-oscar-api links every order here (its ``payment_url``). The order's owner (its
    customer, or the session whose basket became the order) is redirected to the payment opened
    at checkout; an order that no longer awaits payment gets 409 with its status.
    """

    @extend_schema(
        summary="Go back to the payment page of an unpaid order",
        parameters=[
            OpenApiParameter(
                name="Location",
                type=OpenApiTypes.URI,
                location=OpenApiParameter.HEADER,
                response=[302],
                description="The payment provider's page.",
            )
        ],
        responses={
            302: OpenApiResponse(description="Redirect to the payment provider."),
            404: error_response("No such order, or not the caller's."),
            409: error_response("The order no longer awaits payment."),
        },
    )
    def get(self, request, pk, format=None):
        order = Order.objects.filter(pk=pk).first()
        owns = order is not None and (
            (request.user.is_authenticated and order.user_id == request.user.pk)
            or (order.user_id is None and order.basket_id == get_basket_id_from_session(request))
        )
        if not owns:
            return api_error(code="not_found", message=_("No such order."), http_status=404)
        source = order_source(order=order)
        if order.status != statuses.PENDING_PAYMENT or source is None or not source.redirect_url:
            return api_error(
                code="not_awaiting_payment",
                message=_("Order %(number)s is %(status)s.")
                % {"number": order.number, "status": order.status},
                http_status=409,
            )
        return HttpResponseRedirect(request.build_absolute_uri(source.redirect_url))
