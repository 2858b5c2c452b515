"""Rate limits: the cache they count in, and DRF's default throttles counting there.

Every limit (DRF's anon/user throttles, sign-in, voucher codes) counts in ``CACHES["throttle"]``,
which keeps counting in local memory while Redis is down (see nexus_site/cache.py), where the
shared cache would forget every request and stop limiting; and every limit knows the client by
one rule, ``commerce.client_ip`` (X-Forwarded-For only through the trusted proxies).

The API's anon and user limits count per fixed window of the rate's period with one increment
(``WindowCount``), as django-ratelimit and Redis's own rate-limiter pattern do: DRF's
``SimpleRateThrottle`` keeps the time of every request of the period in one cache value, read and
written whole on every call (600 entries for 600/minute), which costs more than the cached answers
it guards. A client can at most double its limit across a window boundary. The sign-in and voucher
limits keep DRF's exact sliding history: they are small and guard secrets.
"""

import math

from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework import throttling

from commerce.client_ip import client_ip

# Looked up on each use, like django.core.cache.cache, so a settings override takes effect.
throttle_cache = ConnectionProxy(caches, "throttle")


class WindowCount:
    """A DRF rate throttle counting requests per fixed window of its period (one increment)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = math.floor(self.now / self.duration)
        self.window_ends_at = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request (or another process just started it)
            if self.cache.add(key, 1, timeout=self.duration + 1):
                count = 1
            else:
                count = self.cache.incr(key)
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends_at - self.now, 0)


class AnonRateThrottle(WindowCount, throttling.AnonRateThrottle):
    cache = throttle_cache

    def get_ident(self, request):
        return client_ip(request)


class UserRateThrottle(WindowCount, throttling.UserRateThrottle):
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
