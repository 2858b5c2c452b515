"""The storefront's content version: part of every cached answer's key, bumped by every change.

Nothing is ever deleted from the cache to invalidate it: a change moves the version on, so the
next request looks under a new key and the old answers expire on their own. A version starts
from the clock (milliseconds), not from 1, so that after Redis loses the key (a restart, an
eviction) the new count never meets answers stored under an earlier one.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "response-cache:content-version"


def _cache():
    return caches["default"]


def _fresh_version() -> int:
    return int(time.time() * 1000)


def content_version() -> int | None:
    """The current version, or None when the cache cannot keep one (nothing is then cached)."""
    cache = _cache()
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, _fresh_version(), timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def content_version_bump() -> None:
    """Move the version on: every answer cached so far stops being found."""
    cache = _cache()
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:
        # No version yet (or Redis lost it): start one past anything stored before.
        cache.set(CONTENT_VERSION_KEY, _fresh_version(), timeout=None)


def content_version_with(*, key: str) -> tuple[int | None, object]:
    """The current version and what the cache holds under ``key``, in one round trip."""
    found = _cache().get_many([CONTENT_VERSION_KEY, key])
    version = found.get(CONTENT_VERSION_KEY)
    if version is None:
        return content_version(), None
    return version, found.get(key)
