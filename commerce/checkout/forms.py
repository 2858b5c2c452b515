from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from commerce.payment.gateways import gateways_available


class PaymentMethodForm(forms.Form):
    """Choose among the providers configured for this shop and the basket's currency."""

    method = forms.ChoiceField(label=_("Pay with"), widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("Mobile money number"),
        required=False,
        max_length=20,
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
            if not phone.startswith("+") or not phone[1:].isdigit() or len(phone) < 9:
                self.add_error("phone", _("Enter the number in international format (+243...)."))
        cleaned["phone"] = phone
        return cleaned
