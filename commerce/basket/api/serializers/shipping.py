"""The shipping methods' answer, typed: django-oscar-api's ``ShippingMethodSerializer`` computes
its price and discount in method fields, which the schema cannot read. Describes the answer of
``views/basket.py``'s ``ShippingMethodView`` (which renders with django-oscar-api's own)."""

from __future__ import annotations

from oscarapi.serializers.checkout import ShippingMethodSerializer
from rest_framework import serializers


class ShippingPrice(serializers.Serializer):
    # An empty basket has no currency yet, and its taxes may be unknown.
    currency = serializers.CharField(allow_null=True)
    excl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    incl_tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    tax = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class TypedShippingMethod(ShippingMethodSerializer):
    price = ShippingPrice(read_only=True)
    discount = serializers.FloatField(read_only=True)
