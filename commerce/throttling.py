"""Rate limits: the cache they count in, and DRF's default throttles counting there.

Every limit (DRF's anon/user throttles, sign-in, voucher codes) counts in ``CACHES["throttle"]``,
which keeps counting in local memory while Redis is down (see nexus_site/cache.py), where the
shared cache would forget every request and stop limiting; and every limit knows the client by
one rule, ``commerce.client_ip`` (X-Forwarded-For only through the trusted proxies).
"""

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework import throttling

from commerce.client_ip import client_ip

# Looked up on each use, like django.core.cache.cache, so a settings override takes effect.
throttle_cache = ConnectionProxy(caches, "throttle")


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = throttle_cache

    def get_ident(self, request):
        return client_ip(request)


class UserRateThrottle(throttling.UserRateThrottle):
    """Signed-in users, per account. DRF's own also counts anonymous callers by IP, which the
    stricter anon limit already does: a second count per request would cost a round trip to
    the cache and limit nothing more."""

    cache = throttle_cache

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)

    def get_ident(self, request):
        return client_ip(request)
