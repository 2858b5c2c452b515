"""Oscar's order models, with who changed a status and how a parcel travels."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.abstract_models import (
    AbstractOrder,
    AbstractOrderStatusChange,
    AbstractShippingEvent,
)

from commerce.order import statuses


class Order(AbstractOrder):
    # The shopper's language at checkout: every message about the order is written in it.
    language = models.CharField(_("Language"), max_length=8, default="en")

    def available_statuses(self):
        # Oscar's dashboard offers these in its status menu. Statuses that need more than a
        # click (a payment, a parcel, a refund) are reached through their own actions.
        return tuple(
            status
            for status in super().available_statuses()
            if status not in statuses.SET_BY_ACTIONS_ONLY
        )


class OrderStatusChange(AbstractOrderStatusChange):
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Changed by"),
    )
    note = models.CharField(_("Note"), max_length=255, blank=True)

    class Meta(AbstractOrderStatusChange.Meta):
        pass


class ShippingEvent(AbstractShippingEvent):
    carrier = models.CharField(_("Carrier"), max_length=64, blank=True)
    tracking_number = models.CharField(_("Tracking number"), max_length=128, blank=True)

    class Meta(AbstractShippingEvent.Meta):
        pass


class IdempotencyKey(models.Model):
    """A checkout request's ``Idempotency-Key``: a retry returns the order the first one made."""

    key = models.CharField(max_length=255)
    # Who sent it: "user:<id>" or "basket:<id>", so one client's key never returns another's order.
    owner = models.CharField(max_length=64)
    request_fingerprint = models.CharField(max_length=64)
    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, null=True, related_name="idempotency_keys"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], name="idempotency_key_unique_per_owner"
            )
        ]


from oscar.apps.order.models import *  # noqa: E402
