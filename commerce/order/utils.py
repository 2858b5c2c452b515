from functools import partial

from django.db import transaction
from oscar.apps.order import utils as oscar_utils

from commerce.communication.tasks import order_placed_email_send


class OrderCreator(oscar_utils.OrderCreator):
    def create_order_model(self, *args, **kwargs):
        order = super().create_order_model(*args, **kwargs)
        # Enqueued only if the order's transaction commits; the task takes the id, not the row.
        transaction.on_commit(partial(order_placed_email_send.delay, order_id=order.pk))
        return order


OrderNumberGenerator = oscar_utils.OrderNumberGenerator
OrderDispatcher = oscar_utils.OrderDispatcher
