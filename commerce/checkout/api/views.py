"""``POST /api/checkout/``: place the order, open the payment, honour ``Idempotency-Key``."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscarapi.basket.operations import get_basket_id_from_session, request_allows_access_to_basket
from oscarapi.serializers.checkout import OrderSerializer
from oscarapi.utils.loading import get_api_class
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from commerce.checkout.api.serializers import CheckoutSerializer
from commerce.checkout.idempotency import (
    KEY_MAX_LENGTH,
    IdempotencyKeyReused,
    order_for_key,
    order_place_once,
    request_fingerprint,
)
from commerce.checkout.locking import BasketCheckedOut, database_busy_as_checked_out
from commerce.checkout.services import checkout_order_place, checkout_payment_urls
from commerce.order import statuses
from commerce.order.services import order_status_change
from commerce.partner.services import OutOfStock
from commerce.payment.gateways import ProviderUnavailable
from commerce.payment.interface import PaymentProviderError
from commerce.payment.services import order_source, payment_start
from nexus_site.api_errors import api_error

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")
ShippingAddress = get_model("order", "ShippingAddress")
BillingAddress = get_model("order", "BillingAddress")
parse_basket_from_hyperlink = get_api_class("views.utils", "parse_basket_from_hyperlink")

IDEMPOTENCY_HEADER = "Idempotency-Key"


class CheckoutView(APIView):
    """Place an order from the caller's basket and open its payment.

    The order is created in ``Pending payment`` with its stock allocated; the response carries
    ``payment.redirect_url`` (the provider's page) and the order's URL to follow its status.
    Send an ``Idempotency-Key`` header to make retries safe: the same key with the same body
    returns the same order; with a different body, 422.
    """

    serializer_class = CheckoutSerializer

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
        fingerprint = request_fingerprint(data=request.data)
        try:
            if key and self._may_replay(request, owner=owner):
                earlier = order_for_key(key=key, owner=owner, fingerprint=fingerprint)
                if earlier is not None:
                    return self._respond(request, earlier, replayed=True)

            if not request_allows_access_to_basket(request, basket):
                if basket.status != Basket.OPEN and self._owns(request, basket):
                    # The caller's own basket, checked out by an earlier or parallel request.
                    raise BasketCheckedOut
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

            def place():
                return checkout_order_place(
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
                )

            with database_busy_as_checked_out():
                if key:
                    order, replayed = order_place_once(
                        key=key, owner=owner, fingerprint=fingerprint, place=place
                    )
                else:
                    order, replayed = place(), False
        except IdempotencyKeyReused:
            return api_error(
                code="idempotency_key_reused",
                message=_("This Idempotency-Key was used with a different request body."),
                http_status=422,
            )
        except BasketCheckedOut as error:
            return api_error(
                code="basket_checked_out",
                message=str(error),
                http_status=409,
                errors={"basket": [str(error)]},
            )
        except OutOfStock as error:
            return api_error(
                code="out_of_stock",
                message=str(error),
                http_status=409,
                errors={"basket": [str(error)]},
            )
        return self._respond(
            request,
            order,
            replayed=replayed,
            payment_method=data["payment_method"],
            phone=data["phone"],
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

    def _respond(
        self, request, order, *, replayed: bool, payment_method: str = "", phone: str = ""
    ) -> Response:
        """The order and its payment; a replay reopens nothing, it returns what exists."""
        if replayed:
            source = order_source(order=order)
            payment_method = source.source_type.code if source else payment_method
        payment = None
        if order.status == statuses.PENDING_PAYMENT or order_source(order=order) is not None:
            try:
                source = payment_start(
                    order_id=order.pk,
                    provider_code=payment_method,
                    phone=phone,
                    **checkout_payment_urls(
                        request=request, order=order, provider_code=payment_method
                    ),
                )
            except (PaymentProviderError, ProviderUnavailable, ValueError) as error:
                if order.status == statuses.PENDING_PAYMENT:
                    order_status_change(
                        order_id=order.pk,
                        new_status=statuses.PAYMENT_FAILED,
                        note=f"The payment could not be opened: {error}",
                    )
                return api_error(
                    code="payment_unavailable",
                    message=_("The payment provider could not be reached; no payment was taken."),
                    http_status=502,
                )
            payment = {
                "provider": source.source_type.code,
                "reference": source.reference,
                "redirect_url": source.redirect_url
                and request.build_absolute_uri(source.redirect_url),
            }
        order.refresh_from_db()
        body = dict(OrderSerializer(order, context={"request": request}).data)
        body["payment"] = payment
        response = Response(body, status=status.HTTP_201_CREATED)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class OrderPaymentView(APIView):
    """``GET /api/orders/<pk>/payment/``: back to the provider's page for an unpaid order.

    django-oscar-api links every order here (its ``payment_url``). The order's owner (its
    customer, or the session whose basket became the order) is redirected to the payment opened
    at checkout; an order that no longer awaits payment gets 409 with its status.
    """

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
