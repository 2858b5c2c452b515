"""Storefront checkout: the order is placed before payment, then the provider takes over.

Payment details (choose a provider) → preview → place order (Pending payment, stock allocated)
→ the provider's page → the return URL, which queues verification → the payment status page,
which shows the thank-you page once paid, or gives the basket back if payment failed.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from oscar.apps.checkout import views as oscar_views
from oscar.core.loading import get_model

from commerce.checkout.errors import CheckoutError, CheckoutErrorCode
from commerce.checkout.forms import PaymentMethodForm
from commerce.checkout.services import basket_restore, checkout_complete
from commerce.order import statuses
from commerce.payment.services import payment_verify_enqueue

Order = get_model("order", "Order")

_PHONE_KEY = "phone"


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    def _payment_form(self, data=None):
        currency = self.request.basket.currency or ""
        return PaymentMethodForm(data, currency=currency, initial=self._payment_initial())

    def _payment_initial(self):
        return {
            "method": self.checkout_session.payment_method(),
            "phone": self.checkout_session._get("payment", _PHONE_KEY, ""),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("payment_form", self._payment_form())
        method = self.checkout_session.payment_method()
        gateways = context["payment_form"].gateways
        context["payment_method_name"] = _(gateways[method].name) if method in gateways else ""
        return context

    def handle_payment_details_submission(self, request):
        form = self._payment_form(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.pay_by(form.cleaned_data["method"])
        self.checkout_session._set("payment", _PHONE_KEY, form.cleaned_data["phone"])
        return self.render_preview(request, payment_form=form)

    def _chosen_method(self):
        """The provider picked on the payment step, or the only one there is."""
        form = self._payment_form()
        method = self.checkout_session.payment_method()
        if method in form.gateways:
            return method
        if len(form.gateways) == 1 and not next(iter(form.gateways.values())).needs_phone:
            return next(iter(form.gateways))
        return None

    def handle_place_order_submission(self, request):
        if self._chosen_method() is None:
            messages.error(request, _("Please choose how to pay."))
            return redirect("checkout:payment-details")
        return super().handle_place_order_submission(request)

    def handle_payment(self, order_number, total, **kwargs):
        # No money moves before the order exists: the provider takes over once it is placed.
        return None

    def handle_order_placement(
        self,
        order_number,
        user,
        basket,
        shipping_address,
        shipping_method,
        shipping_charge,
        billing_address,
        order_total,
        surcharges=None,
        **order_kwargs,
    ):
        # Oscar's submit() has numbered the order and frozen the basket; the checkout service
        # places the order and opens its payment, as it does for the API.
        try:
            result = checkout_complete(
                request=self.request,
                basket=basket,
                order_number=order_number,
                shipping_address=shipping_address,
                shipping_method=shipping_method,
                shipping_charge=shipping_charge,
                billing_address=billing_address,
                order_total=order_total,
                surcharges=surcharges,
                provider_code=self._chosen_method(),
                payer_phone=self.checkout_session._get("payment", _PHONE_KEY, ""),
                **order_kwargs,
            )
        except CheckoutError as error:
            return self._checkout_refused(error)
        self._order_placed(result.order)
        self.send_signal(self.request, None, result.order)
        if result.payment.redirect_url:
            return HttpResponseRedirect(result.payment.redirect_url)
        # A direct payment (mobile money): the shopper approves on their phone.
        return redirect("checkout:payment-status", order_number=result.order.number)

    def _order_placed(self, order):
        # The checkout is over: its session data goes, and this visitor may follow the order.
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.id

    def _checkout_refused(self, error: CheckoutError):
        if error.code == CheckoutErrorCode.OUT_OF_STOCK:
            self.restore_frozen_basket()
            messages.error(self.request, error.message)
            return redirect("basket:summary")
        if error.code == CheckoutErrorCode.BASKET_CHECKED_OUT:
            # Placed by another request (a double click, a second tab): that request's order
            # stands, and this basket is not given back to be bought twice.
            messages.error(
                self.request,
                _(
                    "This basket has already been checked out in another window; "
                    "please check your email or your order history."
                ),
            )
            return redirect("basket:summary")
        if error.code == CheckoutErrorCode.PAYMENT_UNAVAILABLE:
            # The order is Payment failed; the shopper gets the basket back to try again.
            self._order_placed(error.order)
            _basket_give_back(self.request, error.order)
            messages.error(
                self.request,
                _(
                    "We could not reach the payment provider; no payment was taken. "
                    "Please try again."
                ),
            )
            return redirect("basket:summary")
        raise error


def _basket_give_back(request, order):
    """Give the order's lines back in an open basket and make it this request's basket."""
    basket = basket_restore(order=order, current_basket=request.basket)
    if not request.user.is_authenticated and basket.pk != request.basket.pk:
        # Oscar's BasketMiddleware only sets a visitor's basket cookie when there is none; a
        # cookie listed for deletion is set again, now naming the basket given back.
        cookie_key = settings.OSCAR_BASKET_COOKIE_OPEN
        request.cookies_to_delete = [*getattr(request, "cookies_to_delete", []), cookie_key]
    basket.strategy = request.strategy
    request.basket = basket


def _order_of_session(request, order_number):
    """The order, if this visitor placed it (same session, or their account)."""
    try:
        order = Order.objects.get(number=order_number)
    except Order.DoesNotExist as error:
        raise Http404 from error
    owns = request.session.get("checkout_order_id") == order.pk or (
        request.user.is_authenticated and order.user_id == request.user.pk
    )
    return order if owns else None


class PaymentReturnView(View):
    """Where providers send the shopper back: queue verification, then show the status."""

    def get(self, request, order_number):
        try:
            order = Order.objects.get(number=order_number)
        except Order.DoesNotExist as error:
            raise Http404 from error
        # Verification asks the provider, so anyone may trigger it; it only ever records what
        # the provider says.
        payment_verify_enqueue(order_id=order.pk)
        return redirect("checkout:payment-status", order_number=order.number)

    post = get  # some providers return with a POST


class PaymentStatusView(View):
    template_name = "oscar/checkout/payment_status.html"

    def get(self, request, order_number):
        order = _order_of_session(request, order_number)
        if order is None:
            return render(request, self.template_name, {"order": None}, status=200)
        if order.status == statuses.PENDING_PAYMENT:
            return render(request, self.template_name, {"order": order})
        if order.status in (statuses.PAYMENT_FAILED, statuses.CANCELLED):
            _basket_give_back(request, order)
            if order.status == statuses.PAYMENT_FAILED:
                messages.error(
                    request, _("Your payment was declined. Your basket is ready to try again.")
                )
            else:
                messages.warning(
                    request, _("Your payment was cancelled. Your basket is ready to try again.")
                )
            return redirect("basket:summary")
        request.session["checkout_order_id"] = order.pk
        return HttpResponseRedirect(reverse("checkout:thank-you"))
