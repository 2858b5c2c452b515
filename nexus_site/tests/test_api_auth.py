"""API sign-in (JWT and session), rate limits, one error format and CORS."""

import pytest
from django.test import Client
from oscar.core.loading import get_model

from testkit.factories.partner import stocked_stockrecord

Basket = get_model("basket", "Basket")
User = get_model("auth", "User")

pytestmark = pytest.mark.django_db

CUSTOMER = {"username": "customer@example.com", "password": "nexus-demo"}


def token(client, credentials=CUSTOMER, **headers):
    return client.post("/api/auth/token/", credentials, content_type="application/json", **headers)


def test_a_token_pair_signs_the_customer_in(client):
    response = token(client)
    assert response.status_code == 200, response.content
    access, refresh = response.json()["access"], response.json()["refresh"]

    me = Client().get("/api/orders/", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert me.status_code == 200

    refreshed = client.post(
        "/api/auth/token/refresh/", {"refresh": refresh}, content_type="application/json"
    )
    assert refreshed.status_code == 200 and refreshed.json()["access"]
    verified = client.post(
        "/api/auth/token/verify/", {"token": access}, content_type="application/json"
    )
    assert verified.status_code == 200


def test_a_wrong_password_or_a_forged_token_is_refused_in_the_error_format(client):
    wrong = token(client, {"username": "customer@example.com", "password": "guess"})
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "no_active_account"
    assert wrong.json()["message"] and wrong.json()["errors"] == {}

    forged = Client().get("/api/orders/", HTTP_AUTHORIZATION="Bearer not.a.token")
    assert forged.status_code == 401
    assert set(forged.json()) == {"code", "message", "errors"}


def test_the_anonymous_basket_joins_the_customers_basket_at_token_login(client):
    record = stocked_stockrecord(minimum=1)
    anonymous = client.get("/api/basket/").json()
    client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{record.product_id}/", "quantity": 1},
        content_type="application/json",
    )

    response = token(client)

    assert response.status_code == 200
    customer = User.objects.get(email=CUSTOMER["username"])
    basket = Basket.open.get(owner=customer)
    assert record.product_id in [line.product_id for line in basket.all_lines()]
    assert not Basket.open.filter(pk=anonymous["id"]).exists()


def test_sign_in_is_limited_per_ip_with_retry_after(client):
    for _ in range(5):
        assert token(client, {"username": "nobody@example.org", "password": "x"}).status_code == 401
    limited = token(client)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["code"] == "throttled"


def test_sign_in_is_limited_per_account_across_ips(client):
    wrong = {"username": "customer@example.com", "password": "guess"}
    for number in range(5):
        ip = f"203.0.113.{number + 1}"
        assert token(client, wrong, REMOTE_ADDR=ip).status_code == 401
    limited = token(client, REMOTE_ADDR="198.51.100.7")
    assert limited.status_code == 429


def test_the_session_login_is_limited_too(client):
    wrong = {"username": "customer@example.com", "password": "guess"}
    for _ in range(5):
        client.post("/api/login/", wrong, content_type="application/json")
    limited = client.post("/api/login/", CUSTOMER, content_type="application/json")
    assert limited.status_code == 429


def test_anonymous_rates_come_from_the_settings(client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF reads the rates into the class once, at import; as a new process would, read them again.
    AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        answers = [client.get("/api/products/").status_code for _ in range(3)]
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
    assert answers == [200, 200, 429]


def test_errors_share_one_format(client):
    not_found = client.get("/api/orders/999999/payment/")
    assert not_found.status_code == 404
    assert set(not_found.json()) == {"code", "message", "errors"}
    django_404 = client.get("/api/products/999999/")
    assert django_404.status_code == 404
    assert django_404.json()["code"] == "not_found"
    invalid = client.get("/api/search/", {"page": "zero"})
    assert invalid.status_code == 400
    assert invalid.json()["code"] == "invalid" and "page" in invalid.json()["errors"]
    unauthenticated = client.get("/api/orders/")
    assert unauthenticated.status_code in (401, 403)
    assert set(unauthenticated.json()) == {"code", "message", "errors"}


def test_cors_allows_the_configured_frontends_only(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://shop.example.com"]
    allowed = client.options(
        "/api/products/",
        HTTP_ORIGIN="https://shop.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="idempotency-key",
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://shop.example.com"
    assert "idempotency-key" in allowed["Access-Control-Allow-Headers"]
    other = client.options(
        "/api/products/",
        HTTP_ORIGIN="https://evil.example.net",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in other


def test_the_bulk_category_import_is_for_staff_only(client):
    Category = get_model("catalogue", "Category")
    before = Category.objects.count()
    tree = [{"data": {"name": "Hijacked"}, "children": []}]
    anonymous = client.post("/api/categories-bulk/", tree, content_type="application/json")
    client.force_login(User.objects.get(email="customer@example.com"))
    customer = client.post("/api/categories-bulk/", tree, content_type="application/json")
    assert anonymous.status_code == 401
    assert customer.status_code == 403
    assert Category.objects.count() == before


def test_a_session_id_header_keeps_an_anonymous_basket_that_joins_at_token_login():
    headless = Client()
    header = {"HTTP_SESSION_ID": "SID:ANON:testserver:headless-basket-0001"}
    record = stocked_stockrecord(minimum=1)
    first = headless.get("/api/basket/", **header).json()
    headless.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{record.product_id}/", "quantity": 1},
        content_type="application/json",
        **header,
    )
    # A second client with the same header sees the same basket: no cookie involved.
    same = Client().get("/api/basket/", **header).json()
    assert same["id"] == first["id"]

    response = Client().post(
        "/api/auth/token/", CUSTOMER, content_type="application/json", **header
    )

    assert response.status_code == 200
    basket = Basket.open.get(owner=User.objects.get(email=CUSTOMER["username"]))
    assert record.product_id in [line.product_id for line in basket.all_lines()]


def test_reading_the_session_and_signing_out_are_never_throttled(client):
    wrong = {"username": "customer@example.com", "password": "guess"}
    for _ in range(6):
        client.post("/api/login/", wrong, content_type="application/json")
    assert client.post("/api/login/", CUSTOMER, content_type="application/json").status_code == 429

    answers = [client.get("/api/login/").status_code for _ in range(10)]
    answers += [client.delete("/api/login/").status_code for _ in range(10)]

    assert 429 not in answers


def test_a_forged_x_forwarded_for_does_not_escape_the_sign_in_throttle(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(5):
        forged = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{number}"}
        wrong = {"username": f"nobody{number}@example.org", "password": "x"}
        assert token(client, wrong, **forged).status_code == 401

    limited = token(client, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert limited.status_code == 429


def test_behind_a_trusted_proxy_the_sign_in_throttle_counts_each_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        # The client forges the left part; our proxy appends the address it saw.
        forwarded = {"HTTP_X_FORWARDED_FOR": f"192.0.2.{number}, 203.0.113.1"}
        wrong = {"username": f"nobody{number}@example.org", "password": "x"}
        assert token(client, wrong, **forwarded).status_code == 401

    same = token(client, HTTP_X_FORWARDED_FOR="192.0.2.50, 203.0.113.1")
    other = token(client, HTTP_X_FORWARDED_FOR="203.0.113.2")

    assert same.status_code == 429
    assert other.status_code == 200


def test_the_account_throttle_trims_and_case_folds_the_identifier(client):
    for number, spelling in enumerate(
        [
            " Customer@Example.com ",
            "CUSTOMER@EXAMPLE.COM",
            "customer@example.com ",
            "Customer@example.com",
            "\tcustomer@EXAMPLE.com",
        ]
    ):
        wrong = {"username": spelling, "password": "guess"}
        token(client, wrong, REMOTE_ADDR=f"203.0.113.{number + 1}")

    limited = token(client, REMOTE_ADDR="198.51.100.7")

    assert limited.status_code == 429


def test_access_tokens_live_five_minutes_at_most(settings):
    from datetime import timedelta

    from rest_framework_simplejwt.tokens import AccessToken

    assert settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"] <= timedelta(minutes=5)
    assert AccessToken.lifetime <= timedelta(minutes=5)


def test_a_longer_access_token_lifetime_stops_the_startup_naming_the_variable():
    from nexus_site.tests.test_settings import run_manage

    result = run_manage("check", JWT_ACCESS_MINUTES="15")

    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "JWT_ACCESS_MINUTES" in lines[0], result.stderr


def test_a_refresh_token_is_used_once(client):
    refresh = token(client).json()["refresh"]
    first = client.post(
        "/api/auth/token/refresh/", {"refresh": refresh}, content_type="application/json"
    )
    again = client.post(
        "/api/auth/token/refresh/", {"refresh": refresh}, content_type="application/json"
    )

    assert first.status_code == 200 and first.json()["refresh"] != refresh
    assert again.status_code == 401
