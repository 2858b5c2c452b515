"""Voucher codes cannot be guessed by trying them: attempts are limited per basket and per IP,
on the storefront and over the API."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from testkit.factories.basket import basket_add
from testkit.factories.partner import stocked_stockrecord

pytestmark = pytest.mark.django_db

LIMIT = 10  # the default rate: 10 codes in 10 minutes


@pytest.fixture(autouse=True)
def _fresh_limits():
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


def api_try(client, code, **headers):
    return client.post(
        "/api/basket/add-voucher/",
        {"vouchercode": code},
        content_type="application/json",
        **headers,
    )


def api_client_with_basket() -> Client:
    client = Client()
    assert client.get("/api/basket/").status_code == 200  # opens the session's basket
    return client


def test_the_api_limits_codes_tried_per_basket_whatever_the_ip():
    client = api_client_with_basket()
    for number in range(LIMIT):
        answer = api_try(client, f"GUESS{number}", REMOTE_ADDR=f"203.0.113.{number + 1}")
        assert answer.status_code == 400, answer.content

    limited = api_try(client, "GUESS-NEXT", REMOTE_ADDR="198.51.100.7")

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert set(limited.json()) == {"code", "message", "errors"}
    assert limited.json()["code"] == "throttled"


def test_the_api_limits_codes_tried_per_ip_whatever_the_basket():
    for number in range(LIMIT):
        assert api_try(api_client_with_basket(), f"GUESS{number}").status_code == 400

    limited = api_try(api_client_with_basket(), "GUESS-NEXT")
    elsewhere = api_try(api_client_with_basket(), "GUESS-NEXT", REMOTE_ADDR="198.51.100.7")

    assert limited.status_code == 429
    assert elsewhere.status_code == 400


def test_the_storefront_limits_codes_tried_per_basket_and_says_how_long():
    client = Client()
    basket_add(client, product=stocked_stockrecord(minimum=1).product, quantity=1)
    url = reverse("basket:vouchers-add")
    for number in range(LIMIT):
        client.post(url, {"code": f"GUESS{number}"}, REMOTE_ADDR=f"203.0.113.{number + 1}")

    response = client.post(url, {"code": "GUESS-NEXT"}, REMOTE_ADDR="198.51.100.7", follow=True)

    content = response.content.decode()
    assert "Too many voucher codes tried. Please try again in 10 minutes." in content
    assert "GUESS-NEXT" not in content


def test_the_storefront_limits_codes_tried_per_ip():
    url = reverse("basket:vouchers-add")
    for number in range(LIMIT):
        client = Client()
        basket_add(client, product=stocked_stockrecord(minimum=1).product, quantity=1)
        client.post(url, {"code": f"GUESS{number}"})

    client = Client()
    basket_add(client, product=stocked_stockrecord(minimum=1).product, quantity=1)
    response = client.post(url, {"code": "GUESS-NEXT"}, follow=True)

    assert "Too many voucher codes tried" in response.content.decode()
