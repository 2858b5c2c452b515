"""Every report downloaded as CSV from the dashboard is safe to open in a spreadsheet."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from commerce.dashboard.reports import reports
from testkit.factories.order import order_place

pytestmark = pytest.mark.django_db

User = get_model("auth", "User")


def test_oscar_loads_the_forked_csv_formatter():
    assert (
        get_class("dashboard.reports.reports", "ReportCSVFormatter") is reports.ReportCSVFormatter
    )
    for module, name in (
        ("order.reports", "OrderReportCSVFormatter"),
        ("basket.reports", "OpenBasketReportCSVFormatter"),
        ("voucher.reports", "VoucherReportCSVFormatter"),
        ("analytics.reports", "ProductReportCSVFormatter"),
    ):
        assert issubclass(get_class(module, name), reports.ReportCSVFormatter)


def test_the_order_report_writes_a_customer_name_as_text():
    customer = User.objects.create_user(
        username="formula", email="formula@example.org", first_name="=1+2", last_name="Doe"
    )
    order = order_place(user=customer)
    today = timezone.localdate()
    generator = get_class("order.reports", "OrderReportGenerator")(
        start_date=today - timedelta(days=1), end_date=today + timedelta(days=1), formatter="CSV"
    )

    response = generator.generate()

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(row for row in rows if row[0] == str(order.number))
    assert row[1] == "'=1+2 Doe"
