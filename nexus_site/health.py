"""/health/: the status of each configured dependency, 503 when one of them is down;
/health/live/: the process answers, nothing else asked.

A dependency that is not configured (no broker in the embedded default, no Meilisearch) is
reported as such and does not make the service unhealthy.

The checks run side by side, each in a thread of its own, and the answer comes within
``DEADLINE_SECONDS`` whatever they do: a check still running then is reported down. Anyone sees
each dependency's status; only staff and callers on this machine (a loopback address, not
forwarded by a proxy) also see the details (the error, the backend), which can name hosts and
versions.

One round of checks serves every /health/ request for ``RESULT_CACHE_SECONDS``: a load balancer
polling each process does not ask every dependency on every request. The round is kept in this
process's memory (Redis, one of the dependencies, is no place for it) and only one request at a
time runs a new one; who may see the details is decided per request from the same round.

/health/live/ is the liveness probe: it answers 200 as long as the process serves requests, without
a query, a cache call or a broker connection, so that a dependency's outage never gets the web
process restarted. /health/ is the readiness probe.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connection, connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

UP, DOWN, NOT_CONFIGURED = "up", "down", "not configured"
# Each client's own timeout (connect and read), then the bound on all the checks (seconds):
# well under 3 s, which also leaves room for a fresh process to load its URL map first.
CHECK_TIMEOUT_SECONDS = 1.0
DEADLINE_SECONDS = 1.5
LOOPBACK_ADDRESSES = ("127.0.0.1", "::1", "::ffff:127.0.0.1")
# How long one round of checks answers /health/ (seconds of time.monotonic()).
RESULT_CACHE_SECONDS = 5.0


def database_status() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": UP, "backend": connection.vendor}


def cache_status() -> dict:
    cache = caches["default"]
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if hasattr(cache, "ping"):
        # The fail-open Redis cache never raises on get and set: ask Redis itself.
        cache.ping()
        return {"status": UP, "backend": backend}
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    if cache.get(key) != "ok":
        raise RuntimeError("a value written to the cache could not be read back")
    cache.delete(key)
    return {"status": UP, "backend": backend}


def broker_status() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"status": NOT_CONFIGURED, "mode": "eager"}
    from nexus_site.celery import app

    with app.connection_for_write(
        settings.CELERY_BROKER_URL,
        connect_timeout=CHECK_TIMEOUT_SECONDS,
        transport_options={
            "socket_connect_timeout": CHECK_TIMEOUT_SECONDS,
            "socket_timeout": CHECK_TIMEOUT_SECONDS,
        },
    ) as conn:
        # One attempt: kombu's retries would sleep seconds between attempts.
        conn.ensure_connection(max_retries=0, timeout=CHECK_TIMEOUT_SECONDS)
    return {"status": UP}


def search_status() -> dict:
    if not settings.MEILISEARCH_URL:
        return {"status": NOT_CONFIGURED, "backend": "database"}
    import meilisearch

    client = meilisearch.Client(
        settings.MEILISEARCH_URL,
        settings.MEILISEARCH_API_KEY or None,
        timeout=CHECK_TIMEOUT_SECONDS,
    )
    answer = client.health()
    if answer.get("status") != "available":
        raise RuntimeError(f"Meilisearch answered {answer!r}")
    return {"status": UP, "backend": "meilisearch"}


CHECKS = {
    "database": database_status,
    "cache": cache_status,
    "broker": broker_status,
    "search": search_status,
}


def _run(name: str, check, results: dict) -> None:
    try:
        results[name] = check()
    except Exception as error:  # noqa: BLE001 - any failure means the dependency is down
        logger.warning("health check %s failed: %s", name, error)
        results[name] = {"status": DOWN, "error": str(error) or error.__class__.__name__}
    finally:
        connections.close_all()  # this thread's own database connection


def dependency_statuses(*, deadline: float = DEADLINE_SECONDS) -> tuple[bool, dict]:
    """Run every check at once; one that raises, or has not answered by ``deadline`` seconds,
    reports its dependency as down with the reason."""
    results: dict[str, dict] = {}
    threads = [
        threading.Thread(
            target=_run, args=(name, check, results), name=f"health-{name}", daemon=True
        )
        for name, check in CHECKS.items()
    ]
    end = time.monotonic() + deadline
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    answered = dict(results)
    statuses = {}
    for name in CHECKS:
        if name not in answered:
            logger.warning("health check %s gave no answer within %ss", name, deadline)
        statuses[name] = answered.get(name) or {
            "status": DOWN,
            "error": f"no answer within {deadline:g}s",
        }
    healthy = all(status["status"] != DOWN for status in statuses.values())
    return healthy, statuses


class _LastRound:
    """The last round of checks: when it finished (``time.monotonic()``) and what it found."""

    lock = threading.Lock()
    finished_at: float | None = None
    result: tuple[bool, dict] | None = None


def recent_dependency_statuses() -> tuple[bool, dict]:
    """The last round of checks while it is younger than ``RESULT_CACHE_SECONDS``, else a new
    round; requests arriving while one runs wait for it rather than start their own."""

    def fresh() -> tuple[bool, dict] | None:
        finished_at, result = _LastRound.finished_at, _LastRound.result
        if finished_at is not None and time.monotonic() - finished_at < RESULT_CACHE_SECONDS:
            return result
        return None

    if (result := fresh()) is not None:
        return result
    with _LastRound.lock:
        if (result := fresh()) is not None:
            return result
        result = dependency_statuses()
        _LastRound.result, _LastRound.finished_at = result, time.monotonic()
        return result


def recent_statuses_forget(**kwargs) -> None:
    """Drop the last round: the next /health/ request checks again."""
    with _LastRound.lock:
        _LastRound.result = _LastRound.finished_at = None


# Settings changed at run time (override_settings, the tests' settings fixture) may point the
# checks elsewhere: the last round no longer describes them.
setting_changed.connect(recent_statuses_forget, dispatch_uid="nexus_site.health")


def may_see_details(request) -> bool:
    """Staff, or a caller on this machine that no proxy forwarded."""
    meta = request.META
    if meta.get("REMOTE_ADDR") in LOOPBACK_ADDRESSES and "HTTP_X_FORWARDED_FOR" not in meta:
        return True
    try:
        return request.user.is_active and request.user.is_staff
    except Exception:  # noqa: BLE001 - the session store (the database) may be what is down
        return False


@never_cache
def health(request):
    healthy, statuses = recent_dependency_statuses()
    if not may_see_details(request):
        statuses = {name: {"status": status["status"]} for name, status in statuses.items()}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "dependencies": statuses},
        status=200 if healthy else 503,
    )


@never_cache
def health_live(request):
    """Liveness: no database, cache or broker, only the answer that the process serves."""
    return JsonResponse({"status": UP})
