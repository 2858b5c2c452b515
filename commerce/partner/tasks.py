from celery import shared_task

from commerce.partner import services


@shared_task
def stock_low_alert(*, stockrecord_id: int) -> None:
    # Oscar's open stock alert (listed in the dashboard), then a message to the merchandisers.
    from commerce.communication.services import low_stock_notify

    if services.stock_low_alert_open(stockrecord_id=stockrecord_id) is not None:
        low_stock_notify(stockrecord_id=stockrecord_id)


@shared_task
def product_alerts_send() -> None:
    # Oscar's "email me when it is back in stock" alerts, sent from beat rather than from every
    # stock record save (OSCAR_EAGER_ALERTS is off): checkout never waits on alert emails.
    from oscar.core.loading import get_class

    get_class("customer.alerts.utils", "AlertsDispatcher")().send_alerts()
