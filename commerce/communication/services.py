"""Messages to customers, sent through Oscar's dispatcher and communication event types."""

from __future__ import annotations

import logging

from oscar.core.loading import get_class, get_model

logger = logging.getLogger(__name__)

ORDER_PLACED_EVENT_CODE = "ORDER_PLACED"


def order_placed_email_send(*, order_id: int) -> None:
    """Send the order confirmation once; a repeated task finds the event recorded and stops."""
    order_model = get_model("order", "Order")
    order = order_model.objects.select_related("user").get(pk=order_id)
    event_type_model = get_model("communication", "CommunicationEventType")
    # The row must exist for Oscar's dispatcher to record the event we use to send only once.
    event_type_model.objects.get_or_create(
        code=ORDER_PLACED_EVENT_CODE,
        defaults={"name": "Order placed", "category": event_type_model.ORDER_RELATED},
    )
    if order.communication_events.filter(event_type__code=ORDER_PLACED_EVENT_CODE).exists():
        logger.info("order %s: confirmation already sent", order.number)
        return
    dispatcher = get_class("order.utils", "OrderDispatcher")(logger=logger)
    context = {"order": order, "user": order.user, "lines": order.lines.all()}
    dispatcher.send_order_placed_email_for_user(order, context)
    logger.info("order %s: confirmation sent to %s", order.number, order.email)
