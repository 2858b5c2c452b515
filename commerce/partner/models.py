"""Stock records that cannot be oversold, and a movement row for every change in stock.

The rules live in ``commerce.partner.services``; the model only refuses impossible rows (a database
check constraint) and hands Oscar's own stock calls and direct saves over to the services.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord


class StockRecord(AbstractStockRecord):
    class Meta(AbstractStockRecord.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(num_in_stock__isnull=True)
                | Q(num_allocated__isnull=True)
                | Q(num_allocated__lte=F("num_in_stock")),
                name="partner_stockrecord_allocated_lte_in_stock",
                violation_error_message=_("More units are allocated than are in stock."),
            ),
            models.CheckConstraint(
                condition=Q(num_allocated__isnull=True) | Q(num_allocated__gte=0),
                name="partner_stockrecord_allocated_gte_0",
                violation_error_message=_("The number allocated cannot be negative."),
            ),
        ]

    # Oscar's stock calls (checkout's OrderCreator, the order EventHandler) go through the
    # services, which lock the row, check what is left and record a movement.

    def allocate(self, quantity):
        from commerce.partner.services import StockItem, stock_allocate

        stock_allocate(items=[StockItem(stockrecord_id=self.pk, quantity=quantity)])
        self.refresh_from_db(fields=["num_allocated"])

    allocate.alters_data = True

    def consume_allocation(self, quantity):
        from commerce.partner.services import StockItem, stock_consume

        stock_consume(items=[StockItem(stockrecord_id=self.pk, quantity=quantity)])
        self.refresh_from_db(fields=["num_allocated", "num_in_stock"])

    consume_allocation.alters_data = True

    def cancel_allocation(self, quantity):
        from commerce.partner.services import StockItem, stock_release

        stock_release(items=[StockItem(stockrecord_id=self.pk, quantity=quantity)])
        self.refresh_from_db(fields=["num_allocated"])

    cancel_allocation.alters_data = True

    @property
    def is_below_threshold(self):
        # At the threshold counts as low, as for the alerts the services raise (Oscar: below).
        if self.low_stock_threshold is None:
            return False
        return self.net_stock_level <= self.low_stock_threshold

    def clean(self):
        super().clean()
        # The constraint is skipped by forms that do not edit ``num_allocated``; say it nicely.
        if (
            self.num_in_stock is not None
            and self.num_allocated is not None
            and self.num_in_stock < self.num_allocated
        ):
            raise ValidationError(
                {
                    "num_in_stock": _(
                        "%(allocated)d units are allocated to orders: the number in stock "
                        "cannot go below that."
                    )
                    % {"allocated": self.num_allocated}
                }
            )

    # Direct saves (the dashboard's product form) keep allocations made meanwhile and record a
    # changed ``num_in_stock`` as an adjustment; the services never call ``save()``.

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        if "num_allocated" in loaded:
            instance._loaded_num_allocated = loaded["num_allocated"]
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "num_allocated" in fields:
            self._loaded_num_allocated = self.num_allocated

    def save(self, *args, **kwargs):
        from commerce.partner.services import stockrecord_save_recorded

        with stockrecord_save_recorded(stockrecord=self, update_fields=kwargs.get("update_fields")):
            super().save(*args, **kwargs)
        self._loaded_num_allocated = self.num_allocated


class StockMovement(models.Model):
    """One change to a stock record's units, with why it happened.

    ``quantity`` is signed: allocations count up when units are reserved and down when they are
    released; shipments, adjustments and imports count the change in units on hand (a shipment
    also takes its units off the allocation).
    """

    class Reason(models.TextChoices):
        ALLOCATED = "allocated", _("Allocated")
        RELEASED = "released", _("Allocation released")
        SHIPPED = "shipped", _("Shipped (consumed)")
        ADJUSTMENT = "adjustment", _("Adjustment")
        IMPORT = "import", _("Import")

    stockrecord = models.ForeignKey(
        "partner.StockRecord",
        on_delete=models.CASCADE,
        related_name="movements",
        verbose_name=_("Stock record"),
    )
    quantity = models.IntegerField(_("Quantity"))
    reason = models.CharField(_("Reason"), max_length=20, choices=Reason.choices)
    order = models.ForeignKey(
        "order.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stock_movements",
        verbose_name=_("Order"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stock_movements",
        verbose_name=_("User"),
    )
    note = models.CharField(_("Note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("Created at"), auto_now_add=True)

    class Meta:
        app_label = "partner"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["stockrecord", "created_at"], name="partner_stockmove_rec_time"),
        ]
        verbose_name = _("Stock movement")
        verbose_name_plural = _("Stock movements")

    def __str__(self):
        return f"{self.get_reason_display()}: {self.quantity:+d} ({self.stockrecord_id})"


from oscar.apps.partner.models import *  # noqa: E402, F403
