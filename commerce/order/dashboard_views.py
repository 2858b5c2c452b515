"""Merchandisers' order actions in the Oscar dashboard: ship, cancel, refund.

Each posts from the order's dashboard page and calls one service or action; the page shows the
result.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from oscar.apps.order.exceptions import InvalidOrderStatus
from oscar.core.loading import get_model

from commerce.order.actions import order_cancel, order_refund_request
from commerce.order.services import order_ship
from commerce.payment.services import RefundRefused

Order = get_model("order", "Order")


class ShipForm(forms.Form):
    carrier = forms.CharField(label=gettext_lazy("Carrier"), max_length=64)
    tracking_number = forms.CharField(label=gettext_lazy("Tracking number"), max_length=128)


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


class CancelForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Reason"), max_length=200, required=False)


class _OrderActionView(UserPassesTestMixin, View):
    form_class: type[forms.Form]

    def test_func(self):
        return self.request.user.is_active and self.request.user.is_staff

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        form = self.form_class(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {' '.join(errors)}")
        else:
            try:
                message = self.act(order=order, data=form.cleaned_data)
            except (InvalidOrderStatus, RefundRefused, ValueError, InvalidOperation) as error:
                messages.error(request, str(error))
            else:
                messages.success(request, message)
        return redirect("dashboard:order-detail", number=order.number)


class OrderShipView(_OrderActionView):
    form_class = ShipForm

    def act(self, *, order, data):
        order_ship(
            order_id=order.pk,
            carrier=data["carrier"],
            tracking_number=data["tracking_number"],
            user=self.request.user,
        )
        return _("Order %(number)s shipped.") % {"number": order.number}


class OrderCancelView(_OrderActionView):
    form_class = CancelForm

    def act(self, *, order, data):
        order_cancel(order_id=order.pk, user=self.request.user, note=data["note"])
        return _("Order %(number)s cancelled.") % {"number": order.number}


class OrderRefundView(_OrderActionView):
    form_class = RefundForm

    def act(self, *, order, data):
        order_refund_request(
            order_id=order.pk, amount=data["amount"], user=self.request.user, reason=data["reason"]
        )
        return _("Refund of %(amount)s requested; it runs through the payment provider.") % {
            "amount": data["amount"]
        }
