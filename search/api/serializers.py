from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from rest_framework import serializers

from search.interface import Sort

MAX_PAGE_SIZE = 100


class ProductSearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    category = serializers.IntegerField(required=False, min_value=1)
    min_price = serializers.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2
    )
    max_price = serializers.DecimalField(
        required=False, min_value=0, max_digits=12, decimal_places=2
    )
    in_stock = serializers.BooleanField(required=False, allow_null=True, default=None)
    sort = serializers.ChoiceField(choices=[s.value for s in Sort], default=Sort.RELEVANCE.value)
    page = serializers.IntegerField(required=False, min_value=1, default=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=20
    )

    def validate_category(self, value):
        if not get_model("catalogue", "Category").objects.filter(pk=value).exists():
            raise serializers.ValidationError(_("No category with this id."))
        return value

    def validate(self, attrs):
        low, high = attrs.get("min_price"), attrs.get("max_price")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"max_price": [_("Must be greater than or equal to min_price.")]}
            )
        return attrs


class SuggestParamsSerializer(serializers.Serializer):
    q = serializers.CharField(min_length=1, max_length=100)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=20, default=8)
