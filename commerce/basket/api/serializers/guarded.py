"""Bodies of the basket API where django-oscar-api's own would let a caller write what the shop
decides: a basket's owner, status and totals, a line's basket, product and stock record. Used by
the views in ``commerce/basket/api/views/``."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from oscarapi.utils.loading import get_api_classes
from rest_framework import serializers

from commerce.basket.limits import line_quantity_refusal

# Through django-oscar-api's loader, so an override of either (OSCARAPI_OVERRIDE_MODULES) is kept.
OscarBasketSerializer, OscarBasketLineSerializer = get_api_classes(
    "serializers.basket", ["BasketSerializer", "BasketLineSerializer"]
)


class OnlyWritableFields:
    """A serializer mixin: only the fields named in ``writable_fields`` can be written; a body
    naming any other field (read-only, computed or unknown) is refused with 400 rather than
    silently ignored or, worse, stored."""

    writable_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if name not in self.writable_fields:
                field.read_only = True
        return fields

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            refused = {
                str(name): [_("This field cannot be changed.")]
                for name in data
                if name not in self.writable_fields
            }
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)


class BasketDetailSerializer(OnlyWritableFields, OscarBasketSerializer):
    """A basket as django-oscar-api shows it; nothing in it is the caller's to write."""

    is_tax_known = serializers.BooleanField(read_only=True)


class BasketLineDetailSerializer(OnlyWritableFields, OscarBasketLineSerializer):
    """A basket line: only its quantity can change (django-oscar-api's own serializer would also
    take another basket, product or stock record)."""

    writable_fields = ("quantity",)
    is_tax_known = serializers.BooleanField(read_only=True)

    def validate_quantity(self, quantity):
        refusal = line_quantity_refusal(quantity=quantity)
        if refusal:
            raise serializers.ValidationError(refusal)
        return quantity
