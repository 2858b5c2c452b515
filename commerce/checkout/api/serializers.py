from django.utils.translation import gettext_lazy as _
from oscarapi.serializers.checkout import CheckoutSerializer as OscarApiCheckoutSerializer
from rest_framework import serializers

from commerce.payment.gateways import gateways_available


class CheckoutSerializer(OscarApiCheckoutSerializer):
    """django-oscar-api's checkout fields plus how to pay. Validation only: placing the order is
    ``commerce.checkout.services``' job.

    Prices are never read from the request: the basket, shipping and totals are computed here,
    and a posted ``total`` or ``shipping_charge`` that disagrees is refused.
    """

    payment_method = serializers.CharField(required=False)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)

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
        if gateways[method].needs_phone and not (phone.startswith("+") and phone[1:].isdigit()):
            raise serializers.ValidationError(
                {"phone": _("This payment method needs a phone number in international format.")}
            )
        attrs["payment_method"] = method
        attrs["phone"] = phone
        return attrs
