"""DRF's default throttles, counting in the rate-limit cache (``CACHES["throttle"]``).

That alias keeps counting in local memory while Redis is down (see nexus_site/cache.py), where
the shared cache would forget every request and stop limiting.
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework import throttling

# Looked up on each use, like django.core.cache.cache, so a settings override takes effect.
throttle_cache = ConnectionProxy(caches, "throttle")


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = throttle_cache


class UserRateThrottle(throttling.UserRateThrottle):
    cache = throttle_cache
