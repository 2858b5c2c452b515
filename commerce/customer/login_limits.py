"""Sign-in lock-outs: after too many failed sign-ins, an account or a client IP is refused for
``LOGIN_LOCKOUT_MINUTES``, whichever door it knocks at (storefront, Django admin, Wagtail admin,
API token).

- An account is its identifier as typed, trimmed and case-folded (`` Customer@Example.com `` is
  ``customer@example.com``): ``LOGIN_FAILURE_LIMIT`` failures lock it, from any IP.
- A client is its IP by the trusted-proxy rule (``commerce.client_ip``):
  ``LOGIN_IP_FAILURE_LIMIT`` failures lock it, for any account.

Failures are counted in ``CACHES["throttle"]``, which keeps counting in local memory while Redis
is down. A sign-in refused during a lock-out is not counted, so the lock lifts on time.
``commerce.customer.auth_backends.LoginLimitBackend`` refuses locked sign-ins; the receiver of
Django's ``user_login_failed`` records failures; the login forms say how long to wait.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import ngettext

from commerce.client_ip import client_ip


def account_key(identifier: str | None) -> str:
    """The account an identifier (email or username, as typed) stands for, as a cache key part:
    trimmed, case-folded and hashed (no email address in a key, whatever its length or
    characters); empty when there is no identifier."""
    account = str(identifier or "").strip().casefold()
    return hashlib.sha256(account.encode()).hexdigest() if account else ""


def _now() -> float:
    return time.time()


def _counters(*, request, identifier: str | None) -> list[tuple[str, int]]:
    """Cache keys of the failure counters this sign-in adds to, with the limit of each."""
    counters = []
    ip = client_ip(request)
    if ip:
        counters.append((f"login-failures:ip:{ip}", settings.LOGIN_IP_FAILURE_LIMIT))
    account = account_key(identifier)
    if account:
        counters.append((f"login-failures:account:{account}", settings.LOGIN_FAILURE_LIMIT))
    return counters


def login_wait(*, request, identifier: str | None) -> int:
    """Seconds before this client may sign in to this account again; 0 when it may now."""
    keys = [
        f"{key}:locked-until" for key, _limit in _counters(request=request, identifier=identifier)
    ]
    locked_until = max(caches["throttle"].get_many(keys).values(), default=0)
    return max(0, math.ceil(locked_until - _now()))


def login_failure_record(*, request, identifier: str | None) -> None:
    """Count a failed sign-in against the client's IP and the account; at a limit, lock it out."""
    if login_wait(request=request, identifier=identifier):
        return
    cache = caches["throttle"]
    lockout = settings.LOGIN_LOCKOUT_MINUTES * 60
    for key, limit in _counters(request=request, identifier=identifier):
        # The window opens at the first failure; incr is atomic, so parallel guesses all count.
        cache.add(key, 0, timeout=lockout)
        try:
            failures = cache.incr(key)
        except ValueError:  # the window closed between add and incr
            cache.set(key, 1, timeout=lockout)
            failures = 1
        if failures >= limit:
            cache.set(f"{key}:locked-until", _now() + lockout, timeout=lockout)
            cache.delete(key)


def login_limited_message(*, wait: int) -> str:
    minutes = max(1, math.ceil(wait / 60))
    return ngettext(
        "Too many failed sign-in attempts. Please try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
