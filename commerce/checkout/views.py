from oscar.apps.checkout import views as oscar_views

from commerce.payment.services import payment_take


class PaymentDetailsView(oscar_views.PaymentDetailsView):
    def handle_payment(self, order_number, total, **kwargs):
        source, result = payment_take(
            order_number=order_number, amount=total.incl_tax, currency=total.currency
        )
        self.add_payment_source(source)
        self.add_payment_event("Settled", result.amount, reference=result.reference)
