"""/health/: the status of each configured dependency, 503 when one of them is down.

A dependency that is not configured (no broker in the embedded default, no Meilisearch) is
reported as such and does not make the service unhealthy.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

UP, DOWN, NOT_CONFIGURED = "up", "down", "not configured"
CHECK_TIMEOUT_SECONDS = 2


def database_status() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": UP, "backend": connection.vendor}


def cache_status() -> dict:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    if cache.get(key) != "ok":
        raise RuntimeError("a value written to the cache could not be read back")
    cache.delete(key)
    return {"status": UP, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def broker_status() -> dict:
    if not settings.CELERY_BROKER_URL:
        return {"status": NOT_CONFIGURED, "mode": "eager"}
    from nexus_site.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)
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


def dependency_statuses() -> tuple[bool, dict]:
    """Run every check; a check that raises reports the dependency as down with the reason."""
    healthy = True
    statuses = {}
    for name, check in CHECKS.items():
        try:
            statuses[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means the dependency is down
            logger.warning("health check %s failed: %s", name, error)
            statuses[name] = {"status": DOWN, "error": str(error) or error.__class__.__name__}
            healthy = False
    return healthy, statuses


@never_cache
def health(request):
    healthy, statuses = dependency_statuses()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "dependencies": statuses},
        status=200 if healthy else 503,
    )
