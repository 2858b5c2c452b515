"""django-oscar-api's own refusals, and unknown /api/ paths, answer in the API's one error format:
``{"code", "message", "errors"}`` with a 4xx status the OpenAPI schema declares."""

from __future__ import annotations

import pytest

from testkit.factories.partner import stocked_stockrecord

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


# --- django-oscar-api's account views: session login, registration, user detail ---------------

CUSTOMER = {"username": "customer@example.com", "password": "nexus-demo"}


def _login(client, body):
    return client.post("/api/login/", body, content_type="application/json")


def test_a_failed_session_login_is_a_401_authentication_failed(client):
    response = _login(client, {**CUSTOMER, "password": "guess"})

    body = assert_error(response, status=401, code="authentication_failed")
    assert body["errors"] == {}
    assert "_auth_user_id" not in client.session


def test_a_failed_session_login_counts_towards_the_lock_out(client, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    wrong = {**CUSTOMER, "password": "guess"}
    for number in range(2):
        response = client.post(
            "/api/login/", wrong, content_type="application/json", REMOTE_ADDR=f"203.0.113.{number}"
        )
        assert_error(response, status=401, code="authentication_failed")

    locked = client.post(
        "/api/login/", CUSTOMER, content_type="application/json", REMOTE_ADDR="198.51.100.7"
    )

    assert_error(locked, status=429, code="throttled")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "customer@example.com"}, "password"),
        ({"password": "nexus-demo"}, "username"),
        ({"username": "x" * 300, "password": "nexus-demo"}, "username"),
        (["customer@example.com", "nexus-demo"], "non_field_errors"),
    ],
    ids=["no-password", "no-username", "username-too-long", "not-an-object"],
)
def test_a_malformed_session_login_is_a_400_naming_the_field(client, body, field):
    body = assert_error(_login(client, body), status=400, code="invalid")

    assert field in body["errors"]


def test_a_session_login_signs_in_and_answers_an_empty_string(client):
    response = _login(client, CUSTOMER)

    assert response.status_code == 200, response.content
    assert response.json() == ""
    assert client.get("/api/login/").status_code == 204


def test_signing_in_again_on_a_signed_in_session_is_a_405_already_signed_in(client):
    assert _login(client, CUSTOMER).status_code == 200

    again = _login(client, CUSTOMER)

    assert_error(again, status=405, code="already_signed_in")


def test_reading_a_session_no_one_is_signed_in_on_is_a_405_not_signed_in(client):
    assert_error(client.get("/api/login/"), status=405, code="not_signed_in")


def test_an_unknown_method_on_the_session_login_is_a_405_in_the_format(client):
    response = client.put("/api/login/", CUSTOMER, content_type="application/json")

    assert_error(response, status=405, code="method_not_allowed")


def test_signing_out_answers_an_empty_string(client):
    assert _login(client, CUSTOMER).status_code == 200

    response = client.delete("/api/login/")

    assert response.status_code == 200 and response.json() == ""
    assert_error(client.get("/api/login/"), status=405, code="not_signed_in")


def _register(client, body):
    return client.post("/api/register/", body, content_type="application/json")


NEW_ACCOUNT = {
    "email": "new.customer@example.org",
    "password1": "a-long-enough-Passw0rd",
    "password2": "a-long-enough-Passw0rd",
}


@pytest.fixture
def registration_open(monkeypatch):
    from oscarapi import settings as oscarapi_settings

    monkeypatch.setattr(oscarapi_settings, "ENABLE_REGISTRATION", True)


def test_registration_while_switched_off_is_a_403_registration_disabled(client):
    from django.contrib.auth import get_user_model

    response = _register(client, NEW_ACCOUNT)

    body = assert_error(response, status=403, code="registration_disabled")
    assert "/api/account/register/" in body["message"]
    assert not get_user_model().objects.filter(email=NEW_ACCOUNT["email"]).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**NEW_ACCOUNT, "email": "not-an-email"}, "email"),
        ({"email": NEW_ACCOUNT["email"], "password1": "a-long-enough-Passw0rd"}, "password2"),
        ({**NEW_ACCOUNT, "password2": "another-Passw0rd"}, "non_field_errors"),
    ],
    ids=["bad-email", "no-password2", "passwords-differ"],
)
@pytest.mark.usefixtures("registration_open")
def test_registration_with_a_bad_body_is_a_400_naming_the_field(client, body, field):
    body = assert_error(_register(client, body), status=400, code="invalid")

    assert field in body["errors"]


@pytest.mark.usefixtures("registration_open")
def test_registration_when_open_answers_201_with_the_email(client):
    response = _register(client, NEW_ACCOUNT)

    assert response.status_code == 201, response.content
    assert response.json() == NEW_ACCOUNT["email"]


def _customer_client(client):
    from django.contrib.auth import get_user_model

    customer = get_user_model().objects.get(email=CUSTOMER["username"])
    client.force_login(customer, backend="django.contrib.auth.backends.ModelBackend")
    return customer


def test_another_users_detail_is_a_404_not_found(client):
    from django.contrib.auth import get_user_model

    _customer_client(client)
    other = get_user_model().objects.exclude(email=CUSTOMER["username"]).first()

    assert_error(client.get(f"/api/users/{other.pk}/"), status=404, code="not_found")
    assert_error(client.get("/api/users/999999999/"), status=404, code="not_found")
    assert_error(client.get(f"/api/users/{2**63 + 1}/"), status=404, code="not_found")


def test_the_callers_own_user_detail_is_still_answered(client):
    customer = _customer_client(client)

    assert client.get(f"/api/users/{customer.pk}/").status_code == 204


def test_a_user_detail_without_signing_in_is_a_401(client):
    assert_error(client.get("/api/users/1/"), status=401, code="not_authenticated")


# --- Basket lines: the body's basket is the address's ----------------------------------------


def _basket_line_body(basket_url, record):
    product = f"http://testserver/api/products/{record.product_id}/"
    return {
        "basket": basket_url,
        "line_reference": f"{record.product_id}_{record.pk}",
        "product": product,
        "stockrecord": f"{product}stockrecords/{record.pk}/",
        "quantity": 1,
        "price_currency": record.price_currency,
        "price_excl_tax": str(record.price),
        "price_incl_tax": str(record.price),
    }


def test_a_basket_line_posted_for_another_basket_is_a_400_naming_basket(client):
    from oscar.core.loading import get_model

    record = stocked_stockrecord(minimum=1)
    customer = _customer_client(client)
    basket = client.get("/api/basket/").json()
    # A second basket of the same customer: the caller may use both, but not mix them.
    other = get_model("basket", "Basket").objects.create(owner=customer, status="Saved")
    body = _basket_line_body(f"http://testserver/api/baskets/{other.pk}/", record)

    response = client.post(
        f"/api/baskets/{basket['id']}/lines/", body, content_type="application/json"
    )

    body = assert_error(response, status=400, code="invalid")
    assert body["errors"] == {"basket": ["The line's basket must be the basket in the address."]}


@pytest.mark.parametrize("basket", [None, "http://testserver/api/baskets/999999/", "nonsense"])
def test_a_basket_line_with_a_missing_or_unknown_basket_is_a_400_naming_basket(client, basket):
    record = stocked_stockrecord(minimum=1)
    _customer_client(client)
    own = client.get("/api/basket/").json()
    body = _basket_line_body(basket, record)
    if basket is None:
        del body["basket"]

    response = client.post(
        f"/api/baskets/{own['id']}/lines/", body, content_type="application/json"
    )

    body = assert_error(response, status=400, code="invalid")
    assert "basket" in body["errors"]


def test_the_schema_declares_the_account_views_answers(client):
    schema = client.get("/api/schema/?format=json").json()
    error = {"$ref": "#/components/schemas/Error"}
    declared = {
        ("get", "/api/login/"): {"204": None, "405": error},
        ("post", "/api/login/"): {"200": None, "400": error, "401": error, "405": error},
        ("delete", "/api/login/"): {"200": None},
        ("post", "/api/register/"): {"201": None, "400": error, "403": error},
        ("get", "/api/users/{id}/"): {"204": None, "404": error},
        ("post", "/api/baskets/{id}/lines/"): {"400": error, "403": error},
    }
    for (method, path), statuses in declared.items():
        responses = schema["paths"][path][method]["responses"]
        for status, body in statuses.items():
            assert status in responses, (method, path, status)
            if body is not None:
                assert responses[status]["content"]["application/json"]["schema"] == body
        assert "406" not in responses, (method, path)
    login = schema["paths"]["/api/login/"]["post"]["requestBody"]["content"]["application/json"]
    assert login["schema"] == {"$ref": "#/components/schemas/LoginRequest"}
