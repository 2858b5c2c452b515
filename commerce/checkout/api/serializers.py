from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from oscarapi.serializers.checkout import CheckoutSerializer as OscarApiCheckoutSerializer
from oscarapi.serializers.checkout import (
    InlineBillingAddressSerializer,
    InlineShippingAddressSerializer,
    OrderOfferDiscountSerializer,
    OrderVoucherOfferSerializer,
)
from oscarapi.utils.loading import get_api_class
from rest_framework import serializers

from commerce.payment.gateways import gateways_available
from commerce.payment.mobile_money import MOBILE_MONEY_NUMBER_MAX_LENGTH, mobile_money_number_clean


class CheckoutSerializer(OscarApiCheckoutSerializer):
    """django-oscar-api's checkout fields plus how to pay. Validation only: placing the order is
    ``commerce.checkout.services``' job.

    Prices are never read from the request: the basket, shipping and totals are computed here,
    and a posted ``total`` or ``shipping_charge`` that disagrees is refused.
    """

    payment_method = serializers.CharField(required=False)
    phone = serializers.CharField(
        required=False, allow_blank=True, max_length=MOBILE_MONEY_NUMBER_MAX_LENGTH
    )

    def create(self, validated_data):  # pragma: no cover - the view never calls it
        raise NotImplementedError("orders are placed by commerce.checkout.services")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        currency = attrs["order_total"].currency
        gateways = {g.code: g for g in gateways_available(currency=currency)}
        method = attrs.get("payment_method") or (next(iter(gateways)) if len(gateways) == 1 else "")
        if method not in gateways:
            raise serializers.ValidationError(
                {
                    "payment_method": _("Choose one of: %(codes)s")
                    % {"codes": ", ".join(gateways) or "-"}
                }
            )
        phone = (attrs.get("phone") or "").replace(" ", "")
        if gateways[method].needs_phone:
            try:
                phone = mobile_money_number_clean(phone)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"phone": error.messages}) from error
        attrs["payment_method"] = method
        attrs["phone"] = phone
        return attrs


# django-oscar-api's order body, through its loader so that an override of it is kept.
OscarApiOrderSerializer = get_api_class("serializers.checkout", "OrderSerializer")


class CheckoutPaymentSerializer(serializers.Serializer):
    provider = serializers.CharField(help_text="The payment provider's code.")
    reference = serializers.CharField(help_text="The provider's reference for this payment.")
    redirect_url = serializers.URLField(
        allow_null=True, help_text="The provider's page where the customer pays."
    )


class CheckoutOrderSerializer(OscarApiOrderSerializer):
    """The placed order, as django-oscar-api shows it, plus the payment opened for it."""

    # The view renders with it, the payment (or None) in the context as "payment". The fields
    # django-oscar-api leaves untyped (method fields) are typed here, as they are answered.

    payment_url = serializers.SerializerMethodField(
        help_text="Where to (re)open the payment of an unpaid order."
    )
    # An order of goods that need no shipping, or paid without a billing address, has none.
    shipping_address = InlineShippingAddressSerializer(read_only=True, allow_null=True)
    billing_address = InlineBillingAddressSerializer(read_only=True, allow_null=True)
    offer_discounts = serializers.SerializerMethodField()
    voucher_discounts = serializers.SerializerMethodField()
    payment = serializers.SerializerMethodField()

    class Meta(OscarApiOrderSerializer.Meta):
        fields = (*OscarApiOrderSerializer.Meta.fields, "payment")

    def get_payment_url(self, order) -> str:
        return super().get_payment_url(order)

    @extend_schema_field(OrderOfferDiscountSerializer(many=True))
    def get_offer_discounts(self, order):
        return super().get_offer_discounts(order)

    @extend_schema_field(OrderVoucherOfferSerializer(many=True))
    def get_voucher_discounts(self, order):
        return super().get_voucher_discounts(order)

    @extend_schema_field(CheckoutPaymentSerializer(allow_null=True))
    def get_payment(self, order):
        return self.context.get("payment")
