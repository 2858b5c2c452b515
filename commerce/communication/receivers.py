"""Order status changes become customer notifications, queued with the change."""

from commerce.communication.events import STATUS_EVENTS
from commerce.outbox.services import task_enqueue


def order_status_changed(sender, order, old_status, new_status, **kwargs):
    if new_status in STATUS_EVENTS:
        task_enqueue(
            task="commerce.communication.tasks.order_status_notify",
            kwargs={"order_id": order.pk, "new_status": new_status},
        )
