from django.db import transaction
from django.db.models import prefetch_related_objects
from oscar.apps.order import utils as oscar_utils

from commerce.outbox.services import task_enqueue
from commerce.partner.services import StockItem, stock_allocate


class OrderCreator(oscar_utils.OrderCreator):
    def place_order(self, basket, *args, **kwargs):
        # Each order line copies its partner: read once for all lines, not once per line.
        prefetch_related_objects(
            [line.stockrecord for line in basket.all_lines() if line.stockrecord_id], "partner"
        )
        # No savepoint: a short line must roll the whole order back anyway.
        with transaction.atomic(savepoint=False):
            order = super().place_order(basket, *args, **kwargs)
            # All lines at once, rows locked in a stable order: two orders for the same
            # products never deadlock, and a short line rolls the whole order back.
            stock_allocate(
                items=[
                    StockItem(stockrecord_id=line.stockrecord_id, quantity=line.quantity)
                    for line in basket.all_lines()
                    if line.stockrecord_id
                ],
                order=order,
                user=order.user,
            )
        return order

    def update_stock_records(self, line):
        # Allocated for the whole order in place_order, above.
        return None

    def create_order_model(self, *args, **kwargs):
        order = super().create_order_model(*args, **kwargs)
        # Written to the outbox with the order: sent when it commits, or later if the broker
        # is down; the task takes the id, not the row.
        task_enqueue(
            task="commerce.communication.tasks.order_placed_email_send",
            kwargs={"order_id": order.pk},
        )
        return order


OrderNumberGenerator = oscar_utils.OrderNumberGenerator
OrderDispatcher = oscar_utils.OrderDispatcher
