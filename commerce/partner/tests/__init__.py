"""Helpers shared by the partner tests: a product with one stock record, levels as asked."""

from decimal import Decimal
from itertools import count

from oscar.core.loading import get_model

_numbers = count(1)


def stockrecord_create(
    *,
    title: str = "Blue Mug",
    num_in_stock: int | None = 10,
    num_allocated: int | None = 0,
    low_stock_threshold: int | None = None,
    track_stock: bool = True,
):
    """A new stand-alone product with a stock record, so tests never share stock levels."""
    number = next(_numbers)
    product_class, _ = get_model("catalogue", "ProductClass").objects.get_or_create(
        name="Stock test goods" if track_stock else "Stock test services",
        defaults={"track_stock": track_stock, "requires_shipping": track_stock},
    )
    product = get_model("catalogue", "Product").objects.create(
        product_class=product_class, title=title, structure="standalone"
    )
    partner, _ = get_model("partner", "Partner").objects.get_or_create(name="Stock test partner")
    return get_model("partner", "StockRecord").objects.create(
        product=product,
        partner=partner,
        partner_sku=f"STOCK-TEST-{product.pk}-{number}",
        price=Decimal("9.90"),
        num_in_stock=num_in_stock,
        num_allocated=num_allocated,
        low_stock_threshold=low_stock_threshold,
    )
