"""/health/ reports each configured dependency and answers 503 when one is down."""

import socket

import pytest

from search.tests.fake_meilisearch import fake_meilisearch


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
    with fake_meilisearch() as url:
        settings.MEILISEARCH_URL = url
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
