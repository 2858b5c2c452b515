"""The storefront's payment form and the API's checkout serializer take the same mobile money
numbers, by the one rule in ``commerce.payment.mobile_money``."""

from decimal import Decimal
from unittest import mock

import pytest
from oscar.core.prices import Price
from oscarapi.serializers.checkout import CheckoutSerializer as OscarApiCheckoutSerializer
from rest_framework import serializers

from commerce.checkout.api.serializers import CheckoutSerializer
from commerce.checkout.forms import PaymentMethodForm

NUMBERS = [
    ("+243812345678", True),
    ("  +243 81 234 5678 ", True),
    ("+123456789", True),
    ("+12345678", False),  # 8 digits: the form once took it
    ("+1234567890123456", False),  # 16 digits: the serializer once took it
    ("+1", False),
    ("243812345678", False),
    ("+24381234567a", False),
    ("", False),
    ("+243 812 345 678 901 234", False),  # longer than the field
]


@pytest.fixture
def flexpay_configured(settings):
    # FlexPay is the provider that needs the shopper's number, and takes USD.
    settings.FLEXPAY_TOKEN = "flexpay-token"
    settings.FLEXPAY_MERCHANT = "NEXUS"


def form_takes(number: str) -> bool:
    form = PaymentMethodForm({"method": "flexpay", "phone": number}, currency="USD")
    return form.is_valid()


def serializer_takes(number: str) -> bool:
    serializer = CheckoutSerializer()
    # Only the payment fields are under test: the basket and totals come out of the parent's
    # validation as a priced USD order.
    order_total = Price(currency="USD", excl_tax=Decimal("10.00"), tax=Decimal("0.00"))
    try:
        phone = serializer.fields["phone"].run_validation(number)
    except serializers.ValidationError:
        return False
    try:
        with mock.patch.object(OscarApiCheckoutSerializer, "validate", lambda self, attrs: attrs):
            serializer.validate(
                {"order_total": order_total, "payment_method": "flexpay", "phone": phone}
            )
    except serializers.ValidationError as refused:
        assert set(refused.detail) == {"phone"}
        return False
    return True


@pytest.mark.parametrize(("number", "taken"), NUMBERS)
def test_form_and_serializer_take_the_same_numbers(flexpay_configured, number, taken):
    assert form_takes(number) is taken
    assert serializer_takes(number) is taken


def test_both_keep_the_number_without_spaces(flexpay_configured):
    form = PaymentMethodForm({"method": "flexpay", "phone": "+243 81 234 5678"}, currency="USD")
    assert form.is_valid()
    assert form.cleaned_data["phone"] == "+243812345678"


def test_a_provider_that_needs_no_number_does_not_ask_for_one():
    form = PaymentMethodForm({"method": "sandbox", "phone": ""}, currency="EUR")
    assert form.is_valid(), form.errors
