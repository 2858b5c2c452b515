"""When a stock record runs low, and the alert that follows.

Used by the stock services and by a stock record's own ``save()`` (a direct edit can cross the
threshold too), so it sits below both and imports neither.
"""

from __future__ import annotations

LOW_STOCK_ALERT_TASK = "commerce.partner.tasks.stock_low_alert"


def low_stock_crossed(
    *, threshold: int | None, available_before: int, available_after: int
) -> bool:
    """True when the available units went from above ``threshold`` to at or below it.

    At the threshold counts as low (Oscar: below), as ``StockRecord.is_below_threshold`` does.
    """
    return threshold is not None and available_before > threshold >= available_after


def low_stock_alert_enqueue(*, stockrecord_id: int) -> None:
    """Queue the low-stock alert for this record in the caller's transaction."""
    # Through the outbox: written with the stock change, sent when it commits, kept if the
    # broker is down.
    from commerce.outbox.services import task_enqueue

    task_enqueue(task=LOW_STOCK_ALERT_TASK, kwargs={"stockrecord_id": stockrecord_id})
