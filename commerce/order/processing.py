"""Oscar's order event handler, routed through our order services.

Oscar's dashboard calls ``EventHandler(user).handle_order_status_change`` from its status menu;
the move then locks the order, moves stock and records who made it.
"""

from oscar.apps.order import processing

from commerce.order import services, statuses


class EventHandler(processing.EventHandler):
    def handle_order_status_change(self, order, new_status, note_msg=None):
        if new_status == statuses.CANCELLED:
            updated = services.order_cancel(order_id=order.pk, user=self.user, note=note_msg or "")
        else:
            updated = services.order_status_change(
                order_id=order.pk, new_status=new_status, user=self.user, note=note_msg or ""
            )
        order.status = updated.status
