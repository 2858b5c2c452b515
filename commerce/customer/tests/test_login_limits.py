"""Sign-in lock-outs: storefront, Django admin, Wagtail admin and API, per account and per IP."""

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory

from commerce.client_ip import client_ip
from commerce.customer import login_limits

pytestmark = pytest.mark.django_db

PASSWORD = "nexus-demo"
WAIT_MESSAGE = "Please try again in 15 minutes"


@pytest.fixture(autouse=True)
def _fresh_limits():
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


def storefront_login(client, email, password, **headers):
    return client.post(
        "/en/accounts/login/",
        {"login-username": email, "login-password": password, "login_submit": "Log in"},
        **headers,
    )


def admin_login(client, username, password, **headers):
    return client.post(
        "/django-admin/login/",
        {"username": username, "password": password, "next": "/django-admin/"},
        **headers,
    )


def wagtail_login(client, username, password, **headers):
    return client.post("/cms/login/", {"username": username, "password": password}, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Who is counted ---------------------------------------------------------------------------


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    assert client_ip(request) == "198.51.100.7"


def test_x_forwarded_for_is_read_as_far_as_the_trusted_proxies(settings):
    request = RequestFactory().get(
        "/",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.1, 198.51.100.7, 10.0.0.1",
    )
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 5
    assert client_ip(request) == "203.0.113.1"
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0  # DRF's own throttles: the same count


def test_the_account_is_the_trimmed_case_folded_identifier(settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    key = login_limits.account_key(" Customer@Example.com ")
    assert key == login_limits.account_key("customer@example.com")
    assert key != login_limits.account_key("other@example.com")
    assert "@" not in key and login_limits.account_key("  ") == ""
    client = Client()
    storefront_login(client, " Customer@Example.com ", "guess", REMOTE_ADDR="203.0.113.1")
    storefront_login(client, "CUSTOMER@example.com", "guess", REMOTE_ADDR="203.0.113.2")

    response = storefront_login(client, "customer@example.com", PASSWORD, REMOTE_ADDR="203.0.113.3")

    assert WAIT_MESSAGE in response.content.decode()
    assert not signed_in(client)


def test_a_forged_x_forwarded_for_does_not_escape_the_ip_lock(settings):
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    client = Client()
    for number in range(3):
        storefront_login(
            client,
            f"nobody{number}@example.org",
            "guess",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )

    response = storefront_login(
        client, "customer@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99"
    )

    assert WAIT_MESSAGE in response.content.decode()
    assert not signed_in(client)


def test_behind_a_trusted_proxy_each_client_ip_is_counted_apart(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_IP_FAILURE_LIMIT = 3
    client = Client()
    for number in range(3):
        storefront_login(
            client,
            f"nobody{number}@example.org",
            "guess",
            HTTP_X_FORWARDED_FOR="203.0.113.1",
        )

    locked = storefront_login(
        Client(), "customer@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.1"
    )
    other_client = Client()
    other = storefront_login(
        other_client, "customer@example.com", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.2"
    )

    assert WAIT_MESSAGE in locked.content.decode()
    assert other.status_code == 302 and signed_in(other_client)


# --- Each door --------------------------------------------------------------------------------


def test_the_storefront_locks_an_account_after_too_many_failures_and_says_how_long():
    client = Client()
    for number in range(5):
        response = storefront_login(
            client, "customer@example.com", "guess", REMOTE_ADDR=f"203.0.113.{number + 1}"
        )
        assert response.status_code == 200

    # Even the right password, from yet another IP, waits until the lock-out lifts.
    response = storefront_login(client, "customer@example.com", PASSWORD)

    assert response.status_code == 200
    assert WAIT_MESSAGE in response.content.decode()
    assert not signed_in(client)


def test_the_django_admin_login_locks_too():
    client = Client()
    for _ in range(5):
        assert admin_login(client, "admin", "guess").status_code == 200

    response = admin_login(client, "admin", PASSWORD)

    assert WAIT_MESSAGE in response.content.decode()
    assert not signed_in(client)


def test_the_wagtail_admin_login_locks_too():
    client = Client()
    for _ in range(5):
        assert wagtail_login(client, "admin", "guess").status_code == 200

    response = wagtail_login(client, "admin", PASSWORD)

    assert WAIT_MESSAGE in response.content.decode()
    assert not signed_in(client)


def test_the_message_is_translated():
    client = Client()
    for _ in range(5):
        storefront_login(client, "customer@example.com", "guess")

    response = client.post(
        "/fr/accounts/login/",
        {"login-username": "customer@example.com", "login-password": "x", "login_submit": "1"},
    )

    assert "Veuillez réessayer dans 15 minutes" in response.content.decode()


def test_failures_at_one_door_lock_the_others_and_the_api():
    client = Client()
    for _ in range(5):
        storefront_login(client, "admin@example.com", "guess")

    token = Client().post(
        "/api/auth/token/",
        {"username": "admin@example.com", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.9",
    )
    admin = admin_login(Client(), "admin@example.com", PASSWORD, REMOTE_ADDR="198.51.100.9")

    assert token.status_code == 429 and int(token["Retry-After"]) > 14 * 60
    assert token.json()["code"] == "throttled"
    assert WAIT_MESSAGE in admin.content.decode()


def test_the_lock_out_lifts_after_the_configured_time(monkeypatch, settings):
    settings.LOGIN_LOCKOUT_MINUTES = 2
    client = Client()
    for _ in range(5):
        storefront_login(client, "customer@example.com", "guess")
    locked = storefront_login(client, "customer@example.com", PASSWORD)
    assert "Please try again in 2 minutes" in locked.content.decode()

    later = login_limits._now() + 2 * 60 + 1
    monkeypatch.setattr(login_limits, "_now", lambda: later)
    response = storefront_login(client, "customer@example.com", PASSWORD)

    assert response.status_code == 302 and signed_in(client)


def test_attempts_while_locked_out_do_not_extend_it(monkeypatch):
    client = Client()
    for _ in range(5):
        storefront_login(client, "customer@example.com", "guess")
    start = login_limits._now()
    monkeypatch.setattr(login_limits, "_now", lambda: start + 14 * 60)
    for _ in range(5):
        storefront_login(client, "customer@example.com", "guess")

    monkeypatch.setattr(login_limits, "_now", lambda: start + 15 * 60 + 1)
    response = storefront_login(client, "customer@example.com", PASSWORD)

    assert response.status_code == 302 and signed_in(client)


def test_limits_count_in_the_rate_limit_cache_when_the_shared_cache_forgets(settings):
    # The shared cache down (a Redis outage reads as misses): sign-in limits still count.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "login-limits-test",
        },
    }
    client = Client()
    for _ in range(5):
        storefront_login(client, "customer@example.com", "guess")

    response = storefront_login(client, "customer@example.com", PASSWORD)

    assert WAIT_MESSAGE in response.content.decode()
