from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commerce.payment.gateways import gateways_available
from commerce.payment.mobile_money import MOBILE_MONEY_NUMBER_MAX_LENGTH, mobile_money_number_clean


class PaymentMethodForm(forms.Form):
    """Choose among the providers configured for this shop and the basket's currency."""

    method = forms.ChoiceField(label=_("Pay with"), widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("Mobile money number"),
        required=False,
        max_length=MOBILE_MONEY_NUMBER_MAX_LENGTH,
        help_text=_("International format, e.g. +243812345678"),
    )

    def __init__(self, *args, currency: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.gateways = {gateway.code: gateway for gateway in gateways_available(currency=currency)}
        self.fields["method"].choices = [
            (code, gettext(g.name)) for code, g in self.gateways.items()
        ]
        if len(self.gateways) == 1 and not self.initial.get("method"):
            # The only way to pay comes chosen (the view passes the session's choice, or None).
            self.initial["method"] = next(iter(self.gateways))

    def clean(self):
        cleaned = super().clean()
        gateway = self.gateways.get(cleaned.get("method", ""))
        phone = (cleaned.get("phone") or "").replace(" ", "")
        if gateway is not None and gateway.needs_phone:
            try:
                phone = mobile_money_number_clean(phone)
            except ValidationError as error:
                self.add_error("phone", error)
        cleaned["phone"] = phone
        return cleaned
