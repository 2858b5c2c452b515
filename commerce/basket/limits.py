"""The most units of one product a basket line may hold (``BASKET_MAX_LINE_QUANTITY``), one rule
for the storefront forms and the API."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


def line_quantity_max() -> int:
    return settings.BASKET_MAX_LINE_QUANTITY


def line_quantity_refusal(*, quantity: int) -> str | None:
    """Why a line of ``quantity`` units is refused, or None when it may be stored."""
    if quantity > line_quantity_max():
        return _("At most %(max)s of one product per order.") % {"max": line_quantity_max()}
    return None
