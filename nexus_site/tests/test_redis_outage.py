"""Redis down is not the site down: with the cache, the rate-limit cache and the broker on a
real Redis that is then stopped, the shop still answers, sign-in is still limited, tasks wait in
the outbox and /health/ names what is down within 3 seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from commerce.outbox.models import TaskMessage
from nexus_site import cache as fail_open
from nexus_site.cache import redis_caches
from testkit.factories.basket import basket_add
from testkit.factories.checkout import SHIPPING_ADDRESS, storefront_checkout
from testkit.factories.partner import stocked_stockrecord
from testkit.fakes.broker import PROJECT_DIR, celery_broker, free_port

Order = get_model("order", "Order")

HEALTH_BOUND = 3.0  # seconds


@pytest.fixture
def redis_stopped(settings, redis_server):
    """Cache, rate-limit cache and broker pointed at a redis-server of the test's own, stopped."""
    fail_open._down_until.clear()
    settings.CACHES = redis_caches(url=redis_server.url, socket_timeout=0.5)
    settings.CELERY_BROKER_URL = redis_server.url
    settings.MEILISEARCH_URL = ""
    with celery_broker(url=redis_server.url):
        redis_server.stop()
        yield
    fail_open._down_until.clear()


def assert_answers(response, *codes: int):
    assert response.status_code in codes, (response.status_code, response.content[:500])


@pytest.mark.django_db
def test_the_shop_and_its_api_answer_and_tasks_wait_in_the_outbox(client, redis_stopped):
    record = stocked_stockrecord(minimum=1)
    product = record.product

    for path in ("/en/", "/en/catalogue/", product.get_absolute_url(), reverse("basket:summary")):
        assert_answers(client.get(path), 200)
    basket_add(client, product=product, quantity=1)
    assert_answers(client.get(reverse("basket:summary")), 200)
    assert_answers(client.get("/api/products/"), 200)
    assert_answers(client.get("/api/basket/"), 200)

    final = storefront_checkout(client, guest_email="no-redis@example.org", decision="approve")
    assert_answers(final, 200)
    assert Order.objects.filter(guest_email="no-redis@example.org").exists()
    # The broker took nothing: the order's tasks wait for it.
    assert TaskMessage.objects.filter(dispatched_at__isnull=True, attempts__gte=1).exists()


@pytest.mark.django_db
def test_a_headless_checkout_goes_through(client, redis_stopped):
    record = stocked_stockrecord(minimum=1)
    basket = client.get("/api/basket/")
    assert_answers(basket, 200)
    added = client.post(
        "/api/basket/add-product/",
        {"url": f"http://testserver/api/products/{record.product.pk}/", "quantity": 1},
        content_type="application/json",
    )
    assert_answers(added, 200)

    response = client.post(
        "/api/checkout/",
        {
            "basket": basket.json()["url"],
            "guest_email": "headless-no-redis@example.org",
            "shipping_method_code": "standard",
            "shipping_address": {
                **{k: v for k, v in SHIPPING_ADDRESS.items() if k != "country"},
                "country": "http://testserver/api/countries/FR/",
            },
        },
        content_type="application/json",
    )

    assert_answers(response, 200, 201)
    assert Order.objects.filter(guest_email="headless-no-redis@example.org").exists()


@pytest.mark.django_db
def test_sign_in_is_still_limited(client, redis_stopped):
    answers = [
        client.post(
            "/api/auth/token/",
            {"username": "nobody@example.org", "password": "wrong-guess"},
            content_type="application/json",
        ).status_code
        for _ in range(12)
    ]
    assert 500 not in answers
    assert answers[0] == 401
    assert answers[-1] == 429


@pytest.mark.django_db
def test_health_names_the_cache_and_the_broker_within_3_seconds(client, redis_stopped):
    start = time.monotonic()
    response = client.get("/health/")
    assert time.monotonic() - start < HEALTH_BOUND
    assert response.status_code == 503
    dependencies = response.json()["dependencies"]
    assert dependencies["cache"]["status"] == "down"
    assert dependencies["broker"]["status"] == "down"
    assert dependencies["database"]["status"] == "up"


HEALTH_CALL = """
import json, time
from django.test import Client
start = time.monotonic()
response = Client().get("/health/")
seconds = time.monotonic() - start
print("HEALTH " + json.dumps({"seconds": seconds, "code": response.status_code,
                              "body": response.json()}))
"""


def test_health_answers_within_3_seconds_on_the_first_call_of_a_fresh_process(tmp_path):
    redis_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    env = {
        **os.environ,
        "DEBUG": "true",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "MEILISEARCH_URL": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", HEALTH_CALL],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("HEALTH ")]
    assert lines, result.stdout + result.stderr
    answer = json.loads(lines[-1].removeprefix("HEALTH "))
    assert answer["seconds"] < HEALTH_BOUND, answer
    assert answer["code"] == 503
    assert answer["body"]["dependencies"]["cache"]["status"] == "down"
    assert answer["body"]["dependencies"]["broker"]["status"] == "down"
