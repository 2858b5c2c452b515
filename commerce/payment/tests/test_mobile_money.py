"""The mobile money number rule: international form, 9 to 15 digits after the "+"."""

import pytest
from django.core.exceptions import ValidationError

from commerce.payment.mobile_money import mobile_money_number_clean


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("+243812345678", "+243812345678"),
        ("+243 81 234 5678", "+243812345678"),
        ("+123456789", "+123456789"),  # 9 digits, the fewest
        ("+123456789012345", "+123456789012345"),  # 15 digits, E.164's most
    ],
)
def test_an_international_number_is_kept_without_its_spaces(typed, kept):
    assert mobile_money_number_clean(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "+",
        "+12345678",  # 8 digits
        "+1234567890123456",  # 16 digits
        "243812345678",  # no "+": a local number would pass for an international one
        "0812345678",
        "++243812345678",
        "+243-812-345-678",
        "+24381234567a",
        "+٢٤٣٨١٢٣٤٥٦٧٨",  # digits, but not ASCII ones a provider can dial
    ],
)
def test_anything_else_is_refused(typed):
    with pytest.raises(ValidationError) as refused:
        mobile_money_number_clean(typed)
    assert refused.value.code == "invalid_mobile_money_number"
