"""Gives each pytest-xdist worker its own Redis database.

The suite runs in parallel workers (``make test``: ``pytest -n``), each with its own test
database (pytest-django names it after the worker) but, without this, one Redis database: a
worker clearing the cache for its test would empty the other's, and two Celery workers would
share one queue. Worker ``gwN`` uses the database N below the one ``REDIS_URL`` names; the root
``conftest.py`` calls ``redis_isolate`` as pytest starts, before any cache or broker connects.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

REDIS_URL_VARIABLES = ("REDIS_URL", "CELERY_BROKER_URL")


def redis_url_for_worker(url: str, *, worker_index: int) -> str:
    parts = urlsplit(url)
    if not parts.scheme.startswith("redis"):
        return url
    path = parts.path.strip("/")
    base = int(path) if path.isdigit() else 0
    database = base - worker_index if base >= worker_index else base + worker_index
    return urlunsplit(parts._replace(path=f"/{database}"))


def worker_index() -> int | None:
    """This process's pytest-xdist worker number (``gw1`` is 1); None outside xdist."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else None


def redis_isolate(settings) -> None:
    """Point this worker's cache, rate limits and Celery broker at its own Redis database."""
    index = worker_index()
    if not index:
        return
    for name in REDIS_URL_VARIABLES:
        if os.environ.get(name):
            # Subprocesses (a Celery worker, a settings check) read the environment.
            os.environ[name] = redis_url_for_worker(os.environ[name], worker_index=index)
        if value := getattr(settings, name, ""):
            setattr(settings, name, redis_url_for_worker(value, worker_index=index))
    for alias in settings.CACHES.values():
        if isinstance(alias.get("LOCATION"), str) and alias["LOCATION"].startswith("redis"):
            alias["LOCATION"] = redis_url_for_worker(alias["LOCATION"], worker_index=index)
    # Caches made while Django started (none are expected) would still hold the shared one.
    from asgiref.local import Local
    from django.core.cache import caches

    caches._connections = Local(caches.thread_critical)
    # The project's Celery app, made current as the project loads.
    from celery import current_app as app

    if settings.CELERY_BROKER_URL:
        app.conf.broker_url = settings.CELERY_BROKER_URL
