"""/health/ reports each configured dependency and answers 503 when one is down, from one round
of checks every few seconds; /health/live/ answers without asking any of them."""

import socket
import threading
import time
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.urls import reverse

from nexus_site import health
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


@pytest.fixture(autouse=True)
def _no_earlier_round():
    """Each test starts (and leaves) without a round of checks to reuse."""
    health.recent_statuses_forget()
    yield
    health.recent_statuses_forget()


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


# --- Liveness: no I/O at all ------------------------------------------------------------------


CACHE_METHODS = (
    "add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "decr",
    "set_many", "delete_many", "clear", "get_or_set",
)  # fmt: skip


def test_live_is_its_own_url():
    assert reverse("health-live") == "/health/live/"


@pytest.mark.django_db
def test_live_answers_up_without_a_query_a_cache_call_or_a_connection(
    client, settings, monkeypatch, django_assert_num_queries
):
    def forbidden(*args, **kwargs):
        raise AssertionError("/health/live/ must not reach a dependency")

    # Every read and write of every cache alias, every check, every network connection (the
    # broker, Redis, Meilisearch). Django closes the caches after each request: not a call.
    for alias in settings.CACHES:
        for method in CACHE_METHODS:
            monkeypatch.setattr(caches[alias], method, forbidden)
    monkeypatch.setattr(health, "dependency_statuses", forbidden)
    for name in health.CHECKS:
        monkeypatch.setitem(health.CHECKS, name, forbidden)
    monkeypatch.setattr(socket.socket, "connect", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)

    with django_assert_num_queries(0):
        response = client.get("/health/live/", REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 200
    assert response.json() == {"status": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_live_stays_up_while_a_dependency_is_down(client, broker_down):
    assert client.get("/health/").status_code == 503
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "up"}


# --- One round of checks per RESULT_CACHE_SECONDS -----------------------------------------------


class Clock:
    """What health sees as ``time.monotonic()``, moved by hand."""

    def __init__(self):
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(health, "time", SimpleNamespace(monotonic=clock.monotonic))
    return clock


@pytest.fixture
def counted_checks(monkeypatch):
    """Every check replaced by one that counts its calls; ``broker`` answers ``broker_answer``."""
    calls = dict.fromkeys(health.CHECKS, 0)
    state = SimpleNamespace(calls=calls, broker_answer={"status": "up"})

    def counted(name):
        def check():
            calls[name] += 1
            if name == "broker":
                if isinstance(state.broker_answer, Exception):
                    raise state.broker_answer
                return state.broker_answer
            return {"status": "up", "backend": f"fake-{name}"}

        return check

    for name in health.CHECKS:
        monkeypatch.setitem(health.CHECKS, name, counted(name))
    return state


def test_one_round_answers_within_the_window_and_a_new_one_after_it(client, clock, counted_checks):
    assert health.RESULT_CACHE_SECONDS == 5.0
    assert client.get("/health/", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert set(counted_checks.calls.values()) == {1}

    # The broker goes down; within the window the last round still answers.
    counted_checks.broker_answer = ConnectionError("connection refused")
    clock.now += 4.9
    for _ in range(20):
        assert client.get("/health/").status_code == 200
    assert set(counted_checks.calls.values()) == {1}

    # Past the window a new round finds it.
    clock.now += 0.2
    response = client.get("/health/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 503
    assert response.json()["dependencies"]["broker"] == {"status": "down"}
    assert set(counted_checks.calls.values()) == {2}
    assert client.get("/health/").status_code == 503
    assert set(counted_checks.calls.values()) == {2}


def test_the_window_is_a_module_setting(client, clock, counted_checks, monkeypatch):
    monkeypatch.setattr(health, "RESULT_CACHE_SECONDS", 0.5)
    client.get("/health/")
    clock.now += 0.4
    client.get("/health/")
    assert set(counted_checks.calls.values()) == {1}
    clock.now += 0.2
    client.get("/health/")
    assert set(counted_checks.calls.values()) == {2}


def test_details_come_from_the_shared_round_per_caller(client, clock, counted_checks):
    counted_checks.broker_answer = ConnectionError("connection refused")

    public = client.get("/health/", REMOTE_ADDR="203.0.113.7").json()
    local = client.get("/health/", REMOTE_ADDR="127.0.0.1").json()
    public_again = client.get("/health/", REMOTE_ADDR="203.0.113.7").json()

    assert set(counted_checks.calls.values()) == {1}
    assert public == public_again
    assert public["dependencies"]["broker"] == {"status": "down"}
    assert public["dependencies"]["database"] == {"status": "up"}
    assert local["dependencies"]["broker"] == {"status": "down", "error": "connection refused"}
    assert local["dependencies"]["database"] == {"status": "up", "backend": "fake-database"}


def test_requests_arriving_during_a_round_wait_for_it(monkeypatch):
    started, release = threading.Event(), threading.Event()
    rounds = []

    def slow_round(**kwargs):
        rounds.append(1)
        started.set()
        release.wait(5)
        return True, {"database": {"status": "up"}}

    monkeypatch.setattr(health, "dependency_statuses", slow_round)
    answers = []
    callers = [
        threading.Thread(target=lambda: answers.append(health.recent_dependency_statuses()))
        for _ in range(5)
    ]
    for caller in callers:
        caller.start()
    assert started.wait(5)
    release.set()
    for caller in callers:
        caller.join(5)
    assert len(rounds) == 1
    assert answers == [(True, {"database": {"status": "up"}})] * 5


@pytest.mark.django_db
def test_changed_settings_are_checked_at_once(client, settings, embedded):
    assert client.get("/health/").status_code == 200
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    assert client.get("/health/").status_code == 503
