from celery import shared_task

from commerce.partner import services


@shared_task
def stock_low_alert(*, stockrecord_id: int) -> None:
    # Keeps Oscar's open stock alert (listed in the dashboard) and logs a warning. Notifying the
    # merchandisers (e-mail, chat) is still to come and belongs in the service, not here.
    services.stock_low_alert_open(stockrecord_id=stockrecord_id)
