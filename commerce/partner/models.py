"""Stock records that cannot be oversold, and a movement row for every change in stock.

The rules live in ``commerce.partner.services``; the model refuses impossible rows (a database
check constraint), refuses Oscar's own per-record stock calls (our order event handler routes
them through the services) and records a direct save as an adjustment.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractStockRecord

from commerce.partner.low_stock import low_stock_alert_enqueue, low_stock_crossed

_SERVICES_ONLY = (
    "Stock changes go through commerce.partner.services (stock_allocate, stock_consume, "
    "stock_release), which lock the rows, check what is left and record a movement."
)


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

    # Oscar's per-record stock calls would change the levels without a lock, a check or a
    # movement. Oscar makes them from checkout's OrderCreator and the order EventHandler, both
    # forked to call the services instead; anything else calling them is a mistake.

    def allocate(self, quantity):
        raise NotImplementedError(_SERVICES_ONLY)

    allocate.alters_data = True

    def consume_allocation(self, quantity):
        raise NotImplementedError(_SERVICES_ONLY)

    consume_allocation.alters_data = True

    def cancel_allocation(self, quantity):
        raise NotImplementedError(_SERVICES_ONLY)

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

    # Direct saves (the dashboard's product form, imports) keep allocations made meanwhile and
    # record a changed ``num_in_stock`` as an adjustment; the services never call ``save()``.
    # For that the instance remembers the ``num_allocated`` it last read from or wrote to the
    # database: a save that did not change it must not write a stale value over the services'.

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        if "num_allocated" in loaded:
            instance._num_allocated_stored = loaded["num_allocated"]
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        if fields is None or "num_allocated" in fields:
            self.num_allocated_mark_stored()

    def num_allocated_mark_stored(self) -> None:
        """Note that ``num_allocated`` is what the database holds (after a queryset write)."""
        self._num_allocated_stored = self.num_allocated

    @property
    def num_allocated_changed(self) -> bool:
        """True when ``num_allocated`` was set on this instance since it was read or written
        (or was never read): a save then writes it as it is."""
        return (
            "_num_allocated_stored" not in self.__dict__
            or self.num_allocated != self._num_allocated_stored
        )

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")

        def saves(name: str) -> bool:
            if update_fields is None:
                return name not in self.get_deferred_fields()
            return name in update_fields

        with transaction.atomic(using=router.db_for_write(type(self), instance=self)):
            stored = None
            if not self._state.adding and self.pk is not None:
                # Locked: an allocation cannot slip in between this read and the write.
                stored = (
                    type(self)
                    .objects.select_for_update()
                    .filter(pk=self.pk)
                    .values("num_in_stock", "num_allocated")
                    .first()
                )
            if stored is not None and saves("num_allocated") and not self.num_allocated_changed:
                self.num_allocated = stored["num_allocated"]
            super().save(*args, **kwargs)
            if saves("num_in_stock"):
                self._stock_edit_record(stored=stored)
        self.num_allocated_mark_stored()

    def _stock_edit_record(self, *, stored: dict | None) -> None:
        """A changed ``num_in_stock`` as an adjustment by an unknown user; the low-stock alert
        when it brought the available units down to the threshold."""
        delta = (self.num_in_stock or 0) - ((stored or {}).get("num_in_stock") or 0)
        if delta:
            StockMovement.objects.create(
                stockrecord=self,
                quantity=delta,
                reason=StockMovement.Reason.ADJUSTMENT,
                note="" if stored is not None else "Initial stock level",
            )
        if stored is not None and low_stock_crossed(
            threshold=self.low_stock_threshold,
            available_before=(stored["num_in_stock"] or 0) - (stored["num_allocated"] or 0),
            available_after=self.net_stock_level,
        ):
            low_stock_alert_enqueue(stockrecord_id=self.pk)


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
