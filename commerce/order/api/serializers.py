"""Bodies of the customer's order API (their own orders only)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from commerce.order import selectors

MONEY = {"max_digits": 12, "decimal_places": 2, "read_only": True}


class _OrderUrlMixin:
    def get_url(self, order) -> str:
        url = reverse("api-account-order-detail", kwargs={"number": order.number})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class AccountOrderSerializer(_OrderUrlMixin, serializers.Serializer):
    number = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    total = serializers.DecimalField(source="total_incl_tax", **MONEY)
    currency = serializers.CharField(read_only=True)
    date_placed = serializers.DateTimeField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The order's details in this API.")


class AccountOrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    product_id = serializers.IntegerField(read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True)
    upc = serializers.CharField(read_only=True, allow_null=True)
    partner_sku = serializers.CharField(read_only=True)
    quantity = serializers.IntegerField(read_only=True)
    unit_price_incl_tax = serializers.DecimalField(allow_null=True, **MONEY)
    line_price_excl_tax = serializers.DecimalField(**MONEY)
    line_price_incl_tax = serializers.DecimalField(**MONEY)
    status = serializers.CharField(read_only=True)


class OrderTotalsSerializer(serializers.Serializer):
    lines_excl_tax = serializers.DecimalField(source="basket_total_excl_tax", **MONEY)
    lines_incl_tax = serializers.DecimalField(source="basket_total_incl_tax", **MONEY)
    discount_incl_tax = serializers.DecimalField(source="total_discount_incl_tax", **MONEY)
    shipping_excl_tax = serializers.DecimalField(**MONEY)
    shipping_incl_tax = serializers.DecimalField(**MONEY)
    tax = serializers.DecimalField(source="total_tax", **MONEY)
    total_excl_tax = serializers.DecimalField(**MONEY)
    total_incl_tax = serializers.DecimalField(**MONEY)


class AccountShippingAddressSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    line1 = serializers.CharField(read_only=True)
    line2 = serializers.CharField(read_only=True)
    line3 = serializers.CharField(read_only=True)
    line4 = serializers.CharField(read_only=True, help_text="City.")
    state = serializers.CharField(read_only=True)
    postcode = serializers.CharField(read_only=True)
    country = serializers.CharField(
        source="country_id", read_only=True, help_text="ISO 3166-1 alpha-2 code."
    )
    phone_number = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)


class AccountShippingEventSerializer(serializers.Serializer):
    event_type = serializers.CharField(source="event_type.name", read_only=True)
    carrier = serializers.CharField(read_only=True)
    tracking_number = serializers.CharField(read_only=True)
    notes = serializers.CharField(read_only=True)
    date_created = serializers.DateTimeField(read_only=True)


class OrderPaymentSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=selectors.PAYMENT_STATUSES, read_only=True)
    provider = serializers.CharField(read_only=True, allow_null=True)
    amount_paid = serializers.DecimalField(allow_null=True, **MONEY)
    amount_refunded = serializers.DecimalField(allow_null=True, **MONEY)


class StatusHistoryEntrySerializer(serializers.Serializer):
    """One status change, without who made it (customers do not see staff names)."""

    to = serializers.CharField(source="new_status", read_only=True)
    at = serializers.DateTimeField(source="date_created", read_only=True)
    note = serializers.CharField(read_only=True)

    def get_fields(self):
        # "from" is a Python keyword, so it cannot be declared as a class attribute.
        return {
            "from": serializers.CharField(source="old_status", read_only=True)
        } | super().get_fields()


class AccountOrderDetailSerializer(AccountOrderSerializer):
    lines = AccountOrderLineSerializer(many=True, read_only=True, source="lines.all")
    totals = serializers.SerializerMethodField()
    shipping_address = AccountShippingAddressSerializer(read_only=True, allow_null=True)
    shipping_method = serializers.CharField(read_only=True)
    shipping_events = AccountShippingEventSerializer(
        many=True, read_only=True, source="shipping_events.all"
    )
    payment = serializers.SerializerMethodField()
    status_history = StatusHistoryEntrySerializer(
        many=True, read_only=True, source="status_changes.all"
    )

    def get_totals(self, order) -> OrderTotalsSerializer:
        return OrderTotalsSerializer(order).data

    def get_payment(self, order) -> OrderPaymentSerializer:
        return OrderPaymentSerializer(selectors.order_payment(order=order)).data
