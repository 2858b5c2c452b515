"""A password reset or change signs the user out everywhere else: refresh tokens revoked,
access tokens refused, other browsers' sessions ended."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from oscar.core.loading import get_model

from commerce.customer import services

User = get_model("auth", "User")

pytestmark = pytest.mark.django_db

EMAIL = "customer@example.com"
PASSWORD = "nexus-demo"
NEW_PASSWORD = "Another-long-passphrase-42"


@pytest.fixture
def customer():
    return User.objects.get(email=EMAIL)


def api_tokens() -> dict:
    response = Client().post(
        "/api/auth/token/",
        {"username": EMAIL, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()


def refresh(refresh_token: str):
    return Client().post(
        "/api/auth/token/refresh/", {"refresh": refresh_token}, content_type="application/json"
    )


def orders(access_token: str):
    return Client().get("/api/orders/", HTTP_AUTHORIZATION=f"Bearer {access_token}")


def browser_signed_in_as(user) -> Client:
    browser = Client()
    browser.force_login(user)
    assert browser.get("/en/accounts/profile/").status_code == 200
    return browser


def assert_signed_out(browser: Client) -> None:
    response = browser.get("/en/accounts/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_api_password_reset_refuses_the_old_refresh_and_access_tokens(customer):
    tokens = api_tokens()
    other_browser = browser_signed_in_as(customer)
    uid = urlsafe_base64_encode(force_bytes(customer.pk))

    reset = Client().post(
        "/api/account/password-reset/confirm/",
        {
            "uid": uid,
            "token": default_token_generator.make_token(customer),
            "new_password": NEW_PASSWORD,
        },
        content_type="application/json",
    )

    assert reset.status_code == 200, reset.content
    assert refresh(tokens["refresh"]).status_code == 401
    assert orders(tokens["access"]).status_code == 401
    assert_signed_out(other_browser)


def test_a_storefront_password_reset_ends_the_other_browsers_sessions(customer):
    tokens = api_tokens()
    other_browser = browser_signed_in_as(customer)
    link = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(customer.pk)),
            "token": default_token_generator.make_token(customer),
        },
    )
    resetting_browser = Client()
    form_page = resetting_browser.get(link)
    assert form_page.status_code == 302  # Django moves the token out of the address

    done = resetting_browser.post(
        form_page["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302, done.content
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert_signed_out(other_browser)
    assert refresh(tokens["refresh"]).status_code == 401
    assert orders(tokens["access"]).status_code == 401


def test_a_password_change_keeps_the_changing_browser_and_signs_out_the_others(customer):
    tokens = api_tokens()
    changing_browser = browser_signed_in_as(customer)
    other_browser = browser_signed_in_as(customer)

    changed = changing_browser.post(
        "/en/accounts/change-password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302, changed.content
    assert changing_browser.get("/en/accounts/profile/").status_code == 200
    assert_signed_out(other_browser)
    assert refresh(tokens["refresh"]).status_code == 401


def test_any_password_change_revokes_every_refresh_token(customer):
    first, second = api_tokens(), api_tokens()

    customer.set_password(NEW_PASSWORD)
    customer.save()

    assert refresh(first["refresh"]).status_code == 401
    assert refresh(second["refresh"]).status_code == 401


def test_saving_a_user_without_a_new_password_revokes_nothing(customer):
    tokens = api_tokens()

    customer.first_name = "Chloé"
    customer.save()
    customer.last_login = None
    customer.save(update_fields=["last_login"])

    assert orders(tokens["access"]).status_code == 200
    assert refresh(tokens["refresh"]).status_code == 200


def test_user_sessions_end_revokes_only_that_users_tokens(customer):
    tokens = api_tokens()
    other = User.objects.get(email="editor@example.com")
    other_tokens = (
        Client()
        .post(
            "/api/auth/token/",
            {"username": other.email, "password": PASSWORD},
            content_type="application/json",
        )
        .json()
    )

    assert services.user_sessions_end(user=customer) == 1
    assert services.user_sessions_end(user=customer) == 0

    assert refresh(tokens["refresh"]).status_code == 401
    assert refresh(other_tokens["refresh"]).status_code == 200
