"""The one rule for the number a mobile money payment is pushed to, whatever the checkout.

Mobile money providers (``needs_phone``) send the payment request to the shopper's phone, so the
number must reach them in international (E.164) form: a ``+``, then the country code and the
subscriber's number, 9 to 15 digits in all. Spaces typed to group the digits are dropped. A
provider may narrow this further when the payment is opened (FlexPay takes DR Congo numbers only).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What a shopper may type, spaces included: "+243 81 234 5678".
MOBILE_MONEY_NUMBER_MAX_LENGTH = 20

_INTERNATIONAL_NUMBER = re.compile(r"\+[0-9]{9,15}")


def mobile_money_number_clean(value: str) -> str:
    """The number without spaces, or ``ValidationError`` when it is not in international form."""
    number = (value or "").replace(" ", "")
    if not _INTERNATIONAL_NUMBER.fullmatch(number):
        raise ValidationError(
            _("Enter the number in international format (+243...)."),
            code="invalid_mobile_money_number",
        )
    return number
