"""A Redis cache that fails open: when Redis cannot be reached, a fallback cache answers instead.

django-redis's ``IGNORE_EXCEPTIONS`` turns an outage into cache misses, but every call still
tries Redis (a full connect timeout each when the host does not answer) and nothing can count
any more, so rate limits stop limiting. ``FailOpenRedisCache`` is django-redis's ``RedisCache``
that, on a connection error, marks Redis down for ``RETRY_AFTER`` seconds (for the whole
process) and serves Django's cache API from its ``FALLBACK`` backend meanwhile:

- the shared cache uses a ``DummyCache`` fallback: an outage reads as misses, as with
  ``IGNORE_EXCEPTIONS``;
- the rate-limit cache (``CACHES["throttle"]``) uses a ``LocMemCache`` fallback, so sign-in and
  API throttles keep counting, per process, until Redis is back.

Options (under ``OPTIONS``, beside django-redis's own): ``FALLBACK``, the dotted path of the
fallback backend (default ``DummyCache``); ``RETRY_AFTER``, seconds before Redis is tried again
(default 5).

Only Django's cache API fails over; django-redis extras (``keys``, ``lock``, ``ttl``...) still
raise when Redis is down.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import BaseCache
from django.utils.module_loading import import_string
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis import exceptions as redis_errors

logger = logging.getLogger(__name__)

DUMMY = "django.core.cache.backends.dummy.DummyCache"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
# Redis unreachable, too slow, or refusing writes (a replica after failover, out of memory):
# not a programming error such as a wrong type or argument, which still raises.
REDIS_OUTAGE = (
    redis_errors.ConnectionError,
    redis_errors.TimeoutError,
    redis_errors.ReadOnlyError,
    redis_errors.OutOfMemoryError,
    ConnectionInterrupted,
    OSError,
)

# When each Redis (by LOCATION) may be tried again; shared by every thread of the process, as
# Django makes one cache object per alias and thread.
_down_until: dict[str, float] = {}


class FailOpenRedisCache(RedisCache):
    def __init__(self, server: str, params: dict) -> None:
        options = dict(params.get("OPTIONS", {}))
        fallback_path = options.pop("FALLBACK", None) or DUMMY
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        # The outage has to reach this class to be failed over, not be swallowed below it.
        options["IGNORE_EXCEPTIONS"] = False
        super().__init__(server, {**params, "OPTIONS": options})
        self._breaker_key = f"{server}|{self.key_prefix}"
        fallback_params = {
            key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION") if key in params
        }
        # One local store per Redis and prefix (LocMemCache shares its data by this name).
        self.fallback: BaseCache = import_string(fallback_path)(
            f"redis-fallback|{self._breaker_key}", fallback_params
        )

    # --- The breaker --------------------------------------------------------------------------

    @property
    def redis_down(self) -> bool:
        return time.monotonic() < _down_until.get(self._breaker_key, 0.0)

    def _mark_down(self, error: BaseException) -> None:
        if not self.redis_down:
            logger.warning(
                "Redis cache unavailable (%s); failing open for %gs",
                error.__class__.__name__ + (f": {error}" if str(error) else ""),
                self.retry_after,
            )
        _down_until[self._breaker_key] = time.monotonic() + self.retry_after

    def _call(self, name: str, *args, **kwargs):
        if not self.redis_down:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_OUTAGE as error:
                self._mark_down(error)
        return getattr(self.fallback, name)(*args, **kwargs)

    def ping(self) -> None:
        """Ask Redis itself, whatever the breaker says; raises when Redis does not answer."""
        try:
            self.client.get_client(write=True).ping()
        except REDIS_OUTAGE as error:
            self._mark_down(error)
            raise
        _down_until.pop(self._breaker_key, None)

    # --- Django's cache API -------------------------------------------------------------------

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def decr(self, *args, **kwargs):
        return self._call("decr", *args, **kwargs)

    def incr_version(self, *args, **kwargs):
        return self._call("incr_version", *args, **kwargs)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")

    def close(self, **kwargs):
        try:
            super().close(**kwargs)
        except REDIS_OUTAGE:
            pass


def redis_caches(*, url: str, socket_timeout: float, retry_after: float = 5) -> dict:
    """``CACHES`` for a Redis at ``url``: the shared cache, and the rate-limit cache."""

    def alias(fallback: str) -> dict:
        return {
            "BACKEND": "nexus_site.cache.FailOpenRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "nexus",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": socket_timeout,
                "SOCKET_TIMEOUT": socket_timeout,
                "FALLBACK": fallback,
                "RETRY_AFTER": retry_after,
            },
        }

    return {
        # Redis down reads as cache misses: pages are built from the database.
        "default": alias(DUMMY),
        # Rate limits (API throttles, sign-in limits): with Redis down they keep counting in
        # this process's memory, so sign-in throttling still limits.
        "throttle": alias(LOCMEM),
    }
