"""/health/ reports each configured dependency and answers 503 when one is down."""

import socket
import threading
import time

import pytest

from testkit.fakes.http_server import FakeHTTPService


class FakeMeilisearchHealth(FakeHTTPService):
    """Just enough of Meilisearch for the health check: ``GET /health`` says it is available."""

    def handle(self, request):
        if (request.method, request.path) == ("GET", "/health"):
            return 200, {"status": "available"}
        return 404, {"message": "not found"}


def closed_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def embedded(settings):
    settings.CELERY_BROKER_URL = ""
    settings.MEILISEARCH_URL = ""


@pytest.mark.django_db
def test_embedded_default_is_healthy(client, embedded):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    deps = body["dependencies"]
    assert deps["database"]["status"] == "up"
    assert deps["cache"]["status"] == "up"
    assert deps["broker"] == {"status": "not configured", "mode": "eager"}
    assert deps["search"] == {"status": "not configured", "backend": "database"}


@pytest.mark.django_db
def test_broker_down_gives_503(client, settings, embedded):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["dependencies"]["broker"]["status"] == "down"
    assert body["dependencies"]["database"]["status"] == "up"


@pytest.mark.django_db
def test_meilisearch_up_through_its_health_endpoint(client, settings, embedded):
    with FakeMeilisearchHealth() as meilisearch:
        settings.MEILISEARCH_URL = meilisearch.url
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["dependencies"]["search"] == {"status": "up", "backend": "meilisearch"}


@pytest.mark.django_db
def test_meilisearch_down_gives_503(client, settings, embedded):
    settings.MEILISEARCH_URL = f"http://127.0.0.1:{closed_port()}"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["dependencies"]["search"]["status"] == "down"


@pytest.mark.django_db
def test_database_down_gives_503(client, embedded, monkeypatch):
    from nexus_site import health

    def refuse():
        raise ConnectionError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refuse)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["dependencies"]["database"] == {
        "status": "down",
        "error": "connection refused",
    }


@pytest.mark.django_db
@pytest.mark.skipif(
    not __import__("os").environ.get("REDIS_URL"), reason="needs a real Redis at REDIS_URL"
)
def test_real_redis_broker_and_cache_are_up(client, settings):
    import os

    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.MEILISEARCH_URL = ""
    response = client.get("/health/")
    assert response.status_code == 200, response.content
    assert response.json()["dependencies"]["broker"] == {"status": "up"}


# --- Who sees what, and how long it may take -----------------------------------------------


@pytest.fixture
def broker_down(settings, embedded):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"


PUBLIC_CALLERS = {
    "remote": {"REMOTE_ADDR": "203.0.113.7"},
    "through a local proxy": {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("caller", PUBLIC_CALLERS.values(), ids=PUBLIC_CALLERS.keys())
def test_the_public_sees_only_up_or_down(client, broker_down, caller):
    response = client.get("/health/", **caller)
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "dependencies": {
            "database": {"status": "up"},
            "cache": {"status": "up"},
            "broker": {"status": "down"},
            "search": {"status": "not configured"},
        },
    }


@pytest.mark.django_db
def test_staff_see_the_details(client, broker_down, django_user_model):
    staff = django_user_model.objects.create_user(
        username="ops", email="ops@example.org", password="unused-1x", is_staff=True
    )
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get("/health/", REMOTE_ADDR="203.0.113.7").json()
    assert "refused" in body["dependencies"]["broker"]["error"].lower()
    assert body["dependencies"]["database"]["backend"]


@pytest.mark.django_db
def test_a_caller_on_this_machine_sees_the_details(client, broker_down):
    body = client.get("/health/", REMOTE_ADDR="::1").json()
    assert body["dependencies"]["broker"]["error"]
    assert body["dependencies"]["search"] == {"status": "not configured", "backend": "database"}


@pytest.mark.django_db
def test_a_check_that_does_not_answer_in_time_is_reported_down(client, embedded, monkeypatch):
    from nexus_site import health

    release = threading.Event()
    monkeypatch.setitem(health.CHECKS, "search", lambda: release.wait(30))
    start = time.monotonic()
    try:
        response = client.get("/health/")
    finally:
        release.set()
    assert time.monotonic() - start < 3
    assert response.status_code == 503
    assert response.json()["dependencies"]["search"] == {
        "status": "down",
        "error": f"no answer within {health.DEADLINE_SECONDS:g}s",
    }
