"""Oscar's order event handler, routed through our order services.

Oscar's dashboard calls ``EventHandler(user).handle_order_status_change`` from its status menu;
the move then locks the order, moves stock and records who made it; a cancel also refunds
what was paid.
"""

from oscar.apps.order import processing

from commerce.order import actions, services, statuses


class EventHandler(processing.EventHandler):
    def handle_order_status_change(self, order, new_status, note_msg=None):
        if new_status == statuses.CANCELLED:
            updated = actions.order_cancel(order_id=order.pk, user=self.user, note=note_msg or "")
        else:
            updated = services.order_status_change(
                order_id=order.pk, new_status=new_status, user=self.user, note=note_msg or ""
            )
        order.status = updated.status

    # Oscar would go line by line to the stock record's own methods, which the stock record
    # refuses: the stock moves through the services, locked, checked and recorded.

    def consume_stock_allocations(self, order, lines=None, line_quantities=None):
        services.order_lines_stock_consume(
            order=order, quantities=_line_quantities(order, lines, line_quantities), user=self.user
        )

    def cancel_stock_allocations(self, order, lines=None, line_quantities=None):
        services.order_lines_stock_release(
            order=order, quantities=_line_quantities(order, lines, line_quantities), user=self.user
        )


def _line_quantities(order, lines, line_quantities) -> dict[int, int]:
    """Units per line id; all the order's lines in full when none are given (as Oscar)."""
    if not lines:
        lines = order.lines.all()
    if not line_quantities:
        line_quantities = [line.quantity for line in lines]
    quantities: dict[int, int] = {}
    for line, quantity in zip(lines, line_quantities, strict=False):
        quantities[line.pk] = quantities.get(line.pk, 0) + quantity
    return quantities
