"""Oscar's payment models, plus what the shop keeps about its providers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.payment.abstract_models import AbstractSource


class Source(AbstractSource):
    """One provider's payment for one order; ``reference`` is the provider's payment id."""

    # Where the shopper pays (hosted page), kept so a retried checkout sends them back there.
    redirect_url = models.TextField(_("Redirect URL"), blank=True)
    # The provider's charge id where it differs from the payment id (Stripe's PaymentIntent).
    transaction_id = models.CharField(_("Provider transaction id"), max_length=255, blank=True)

    class Meta(AbstractSource.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "reference"],
                condition=~models.Q(reference=""),
                name="payment_source_unique_provider_reference",
            )
        ]


class WebhookEvent(models.Model):
    """A provider callback whose signature held; stored once per (provider, event id)."""

    provider = models.CharField(max_length=32)
    event_id = models.CharField(max_length=255)
    kind = models.CharField(max_length=128)
    reference = models.CharField(max_length=255, blank=True)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "event_id"], name="payment_webhook_event_unique"
            )
        ]
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.provider} {self.kind} {self.event_id}"


from oscar.apps.payment.models import *  # noqa: E402

from commerce.payment.sandbox.models import SandboxPayment  # noqa: E402, F401
