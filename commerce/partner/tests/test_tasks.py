import logging

import pytest
from oscar.core.loading import get_model

from commerce.partner.services import StockItem, stock_adjust, stock_allocate
from commerce.partner.tasks import stock_low_alert
from commerce.partner.tests import stockrecord_create

StockAlert = get_model("partner", "StockAlert")

pytestmark = pytest.mark.django_db


def test_a_threshold_crossing_opens_one_stock_alert_and_logs_it(
    caplog, django_capture_on_commit_callbacks
):
    record = stockrecord_create(title="Blue Mug", num_in_stock=5, low_stock_threshold=2)
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        stock_allocate(items=[StockItem(stockrecord_id=record.pk, quantity=3)])

    alert = StockAlert.objects.get(stockrecord=record)
    assert (alert.status, alert.threshold) == (StockAlert.OPEN, 2)
    assert "Low stock: Blue Mug from Stock test partner has 2 available" in caplog.text

    stock_low_alert.delay(stockrecord_id=record.pk)  # run again: the open alert is kept
    assert StockAlert.objects.filter(stockrecord=record).count() == 1


def test_a_record_restocked_before_the_task_runs_gets_no_alert(caplog):
    record = stockrecord_create(num_in_stock=5, low_stock_threshold=2)
    stock_adjust(stockrecord_id=record.pk, quantity_delta=10)
    with caplog.at_level(logging.WARNING):
        stock_low_alert.delay(stockrecord_id=record.pk)
    assert not StockAlert.objects.filter(stockrecord=record, status=StockAlert.OPEN).exists()
    assert "Low stock" not in caplog.text


def test_a_deleted_record_is_ignored():
    stock_low_alert.delay(stockrecord_id=987654321)
