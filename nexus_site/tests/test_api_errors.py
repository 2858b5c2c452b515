"""django-oscar-api's own refusals, and unknown /api/ paths, answer in the API's one error format:
``{"code", "message", "errors"}`` with a 4xx status the OpenAPI schema declares."""

from __future__ import annotations

import pytest

from commerce.checkout.tests.helpers import stocked_stockrecord

pytestmark = pytest.mark.django_db


def assert_error(response, *, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    return body


def _add_product(client, product, quantity=1):
    return client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{product.pk}/", "quantity": quantity},
        content_type="application/json",
    )


def test_add_product_out_of_stock_is_a_409_out_of_stock(client):
    record = stocked_stockrecord(minimum=1)
    record.num_in_stock = record.num_allocated or 0
    record.save()

    response = _add_product(client, record.product)

    assert_error(response, status=409, code="out_of_stock")


def test_add_product_more_than_in_stock_is_a_409_out_of_stock(client):
    record = stocked_stockrecord(minimum=1)

    response = _add_product(client, record.product, quantity=record.net_stock_level + 1)

    assert_error(response, status=409, code="out_of_stock")


def test_add_product_with_a_bad_body_is_a_400_naming_the_field(client):
    response = client.post(
        "/api/basket/add-product/",
        {"url": "http://testserver/api/products/999999/", "quantity": 1},
        content_type="application/json",
    )

    body = assert_error(response, status=400, code="invalid")
    assert "url" in body["errors"]


def test_add_product_in_stock_still_answers_the_basket(client):
    record = stocked_stockrecord(minimum=1)

    response = _add_product(client, record.product)

    assert response.status_code == 200, response.content
    assert response.json()["lines"].endswith("/lines/")


def test_add_voucher_with_an_unknown_code_is_a_400(client):
    response = client.post(
        "/api/basket/add-voucher/", {"vouchercode": "NO-SUCH-CODE"}, content_type="application/json"
    )

    body = assert_error(response, status=400, code="invalid")
    assert body["errors"]["non_field_errors"]


def test_add_voucher_without_a_code_is_a_400_naming_the_field(client):
    response = client.post("/api/basket/add-voucher/", {}, content_type="application/json")

    body = assert_error(response, status=400, code="invalid")
    assert "vouchercode" in body["errors"]


def test_shipping_methods_for_a_bad_address_is_a_400(client):
    response = client.post(
        "/api/basket/shipping-methods/", {"country": "nowhere"}, content_type="application/json"
    )

    assert_error(response, status=400, code="invalid")


@pytest.mark.parametrize(
    "path", ["/api/no-such-thing/", "/api/baskets/abc/", "/api/products/1/no-such-thing/"]
)
def test_an_unknown_api_path_is_a_json_404(client, path):
    assert_error(client.get(path), status=404, code="not_found")
    response = client.post(path, {}, content_type="application/json")
    assert_error(response, status=404, code="not_found")


def test_an_unknown_storefront_path_is_still_a_page(client):
    response = client.get("/en/no-such-thing/at-all/")

    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")


def test_a_missing_slash_under_api_still_redirects(client):
    response = client.get("/api/basket")

    assert response.status_code == 301
    assert response["Location"].endswith("/api/basket/")
