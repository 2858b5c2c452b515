"""The sandbox provider's own ledger: what a real provider would keep on its side."""

from decimal import Decimal

from django.db import models


class SandboxPayment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        PAID = "paid"
        FAILED = "failed"
        CANCELLED = "cancelled"

    reference = models.CharField(max_length=64, unique=True)
    order_number = models.CharField(max_length=128)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=12)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    amount_refunded = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    # Refund ids already honoured: a retried refund is answered, not paid out twice.
    refund_ids = models.JSONField(default=list)
    return_url = models.TextField()
    cancel_url = models.TextField()
    webhook_url = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "payment"

    def __str__(self):
        return f"{self.reference} {self.amount} {self.currency} {self.status}"
