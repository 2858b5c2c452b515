from django.urls import path

from commerce.payment import views
from commerce.payment.sandbox.views import SandboxPaymentPageView

urlpatterns = [
    path("api/payments/webhooks/<slug:provider>/", views.webhook, name="payment-webhook"),
    path(
        "payments/sandbox/<slug:reference>/",
        SandboxPaymentPageView.as_view(),
        name="payment-sandbox-page",
    ),
]
