"""Stock records for tests, taken from the demo shop."""

from __future__ import annotations

from oscar.core.loading import get_model


def stocked_stockrecord(*, minimum: int = 3, exclude_ids: tuple[int, ...] = ()):
    """A demo stock record with at least ``minimum`` units free to sell."""
    stockrecord_model = get_model("partner", "StockRecord")
    for record in (
        stockrecord_model.objects.select_related("product")
        .filter(product__is_public=True, num_in_stock__gte=minimum + 2)
        .exclude(pk__in=exclude_ids)
        .order_by("pk")
    ):
        if record.net_stock_level >= minimum:
            return record
    raise AssertionError("the demo shop has no product in stock")
