"""Bodies of the catalogue API: the category tree, product list parameters and items."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from commerce.catalogue import selectors


class CategoryTreeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The category's storefront page.")
    product_count = serializers.IntegerField(
        read_only=True,
        help_text="Browsable products in this category and in its descendants.",
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = CategoryTreeSerializer(many=True, read_only=True)
        return fields

    def get_url(self, node) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(node.url) if request else node.url


class ProductListParamsSerializer(serializers.Serializer):
    category = serializers.IntegerField(
        required=False, min_value=1, help_text="A category id; includes its descendants."
    )
    min_price = serializers.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2
    )
    max_price = serializers.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2
    )
    in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(
        choices=[s.value for s in selectors.ProductSort],
        default=selectors.ProductSort.NEWEST.value,
    )

    def validate_category(self, value):
        if not selectors.category_browsable_exists(category_id=value):
            raise serializers.ValidationError(_("No category with this id."))
        return value

    def validate(self, attrs):
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"max_price": [_("Must be greater than or equal to min_price.")]}
            )
        return attrs


class CategoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CurrencyAverageSerializer(serializers.Serializer):
    currency = serializers.CharField(help_text="ISO 4217 code.")
    average_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    product_count = serializers.IntegerField(
        help_text="Distinct products with a price in this currency."
    )


class CategoryAveragePriceSerializer(serializers.Serializer):
    category = CategoryRefSerializer()
    averages = CurrencyAverageSerializer(many=True)
