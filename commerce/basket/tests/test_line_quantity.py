"""Quantities past the basket's limits: a 400 from the API (OSCAR_MAX_BASKET_QUANTITY_THRESHOLD),
a form error in the storefront (also BASKET_MAX_LINE_QUANTITY per line); a quantity past the
database's integers never reaches it."""

import pytest
from django.conf import settings
from django.urls import reverse
from oscar.core.loading import get_model

from testkit.factories.basket import basket_add
from testkit.factories.partner import stocked_stockrecord

Basket = get_model("basket", "Basket")
Line = get_model("basket", "Line")

pytestmark = pytest.mark.django_db

HUGE = [10**9, 2**31, 2**63, 10**30]


def _add(client, product, quantity):
    return client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
        content_type="application/json",
    )


@pytest.fixture
def record():
    return stocked_stockrecord(minimum=2)


@pytest.mark.parametrize("quantity", HUGE, ids=str)
def test_the_api_refuses_to_add_a_quantity_past_the_basket_threshold(client, record, quantity):
    # OSCAR_MAX_BASKET_QUANTITY_THRESHOLD, checked by the guarded add-product view.
    response = _add(client, record.product, quantity)

    assert response.status_code == 400, response.content
    assert "quantity" in response.json()["errors"]
    assert not Line.objects.filter(product=record.product).exists()


def test_the_api_adds_a_sane_quantity(client, record):
    assert _add(client, record.product, 2).status_code == 200
    assert Line.objects.get(product=record.product).quantity == 2


@pytest.mark.parametrize("quantity", [*HUGE, "max+1"], ids=str)
def test_the_storefront_refuses_to_add_a_quantity_out_of_bounds(client, record, quantity):
    if quantity == "max+1":
        quantity = settings.BASKET_MAX_LINE_QUANTITY + 1

    response = client.post(
        reverse("basket:add", kwargs={"pk": record.product.pk}), {"quantity": quantity}
    )

    assert response.status_code == 302
    assert not Line.objects.filter(product=record.product).exists()


@pytest.mark.parametrize("quantity", [*HUGE, "max+1"], ids=str)
def test_the_storefront_basket_form_refuses_a_quantity_out_of_bounds(client, record, quantity):
    if quantity == "max+1":
        quantity = settings.BASKET_MAX_LINE_QUANTITY + 1
    basket_add(client, product=record.product, quantity=1)
    line = Line.objects.get(product=record.product)

    response = client.post(
        reverse("basket:summary"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(line.pk),
            "form-0-quantity": str(quantity),
        },
    )

    assert response.status_code in (200, 302)
    line.refresh_from_db()
    assert line.quantity == 1


def test_the_api_refuses_a_line_past_its_most_units(client, record, settings):
    # Below the units in stock, so the line limit is what refuses.
    settings.BASKET_MAX_LINE_QUANTITY = limit = 2
    assert _add(client, record.product, limit - 1).status_code == 200

    response = _add(client, record.product, 2)

    assert response.status_code == 400, response.content
    assert str(limit) in response.json()["errors"]["quantity"][0]
    assert Line.objects.get(product=record.product).quantity == limit - 1


@pytest.mark.parametrize(("quantity", "status"), [(2, 200), (3, 400), (2**63, 400)])
def test_a_line_quantity_change_through_the_api_is_bounded(
    client, record, settings, quantity, status
):
    settings.BASKET_MAX_LINE_QUANTITY = 2
    assert _add(client, record.product, 1).status_code == 200
    line = Line.objects.get(product=record.product)

    response = client.patch(
        f"/api/baskets/{line.basket_id}/lines/{line.pk}/",
        {"quantity": quantity},
        content_type="application/json",
    )

    assert response.status_code == status, response.content
    line.refresh_from_db()
    assert line.quantity == (quantity if status == 200 else 1)
