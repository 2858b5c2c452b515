import oscar.apps.checkout.apps as apps
from django.urls import path


class CheckoutConfig(apps.CheckoutConfig):
    name = "commerce.checkout"

    def ready(self):
        super().ready()
        from commerce.checkout import views

        self.payment_return_view = views.PaymentReturnView
        self.payment_status_view = views.PaymentStatusView

    def get_urls(self):
        payment_urls = [
            path(
                "payment/<str:order_number>/return/",
                self.payment_return_view.as_view(),
                name="payment-return",
            ),
            path(
                "payment/<str:order_number>/",
                self.payment_status_view.as_view(),
                name="payment-status",
            ),
        ]
        return super().get_urls() + self.post_process_urls(payment_urls)
