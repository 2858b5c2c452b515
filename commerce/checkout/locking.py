"""One basket, one order: a second checkout of the same basket is refused, not a 500.

The basket's row is locked for the whole placement, so of two checkouts of one basket the second
waits for the first to commit, then finds its order and gives up. SQLite cannot lock a
row: there the second writer gets "database is locked", which means the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")


class BasketCheckedOut(Exception):
    """Another request has checked this basket out, or is checking it out right now."""

    def __init__(self, message: str = ""):
        super().__init__(
            message or _("This basket has already been checked out, or is being checked out.")
        )


@contextmanager
def database_busy_as_checked_out() -> Iterator[None]:
    """SQLite's "database is locked" during a checkout: another request is writing; 409."""
    try:
        yield
    except OperationalError as error:
        if connection.vendor == "sqlite" and "locked" in str(error):
            raise BasketCheckedOut from error
        raise


@contextmanager
def basket_checkout_lock(*, basket) -> Iterator[None]:
    """Hold the basket's row for the placement; raise BasketCheckedOut if it already has an order.

    Oscar's storefront freezes the basket before placing the order, so an open or frozen basket
    may be placed; a submitted one, or one an order was written for, may not.

    The order is looked for in a query of its own, after the row lock is granted: a query that
    started before waiting (an ``EXISTS`` in the locking SELECT) would read the orders as they
    were then and miss the one committed meanwhile, should a placement ever leave its basket
    unsubmitted.

    No savepoint: a refusal, or any error while the order is placed, rolls the whole placement
    back anyway (``checkout_order_place``'s atomic block, or this one's own transaction when
    called outside one). The row stays locked until the transaction ends.
    """
    with database_busy_as_checked_out(), transaction.atomic(savepoint=False):
        status = (
            Basket._default_manager.select_for_update()
            .filter(pk=basket.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status not in (Basket.OPEN, Basket.FROZEN) or (
            Order._default_manager.filter(basket_id=basket.pk).exists()
        ):
            raise BasketCheckedOut
        yield
