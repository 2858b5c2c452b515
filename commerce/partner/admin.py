from django.contrib import admin
from oscar.apps.partner.admin import *

from commerce.partner.models import StockMovement


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    """A read-only ledger: movements are written by the stock services, never by hand."""

    list_display = ("created_at", "stockrecord", "reason", "quantity", "order", "user", "note")
    list_filter = ("reason", "created_at")
    list_select_related = ("stockrecord__product", "stockrecord__partner", "order", "user")
    search_fields = ("stockrecord__partner_sku", "stockrecord__product__title", "order__number")
    raw_id_fields = ("stockrecord", "order", "user")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
