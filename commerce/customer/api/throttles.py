"""Sign-in throttles: attempts per IP and per account, and the lock-out after failed sign-ins.

Throttles count in ``CACHES["throttle"]`` and know the client by ``commerce.client_ip`` (the
trusted-proxy rule); an account is its identifier trimmed and case-folded. An account or IP
locked out after failed sign-ins (``commerce.customer.login_limits``) is refused with 429 too.
"""

from __future__ import annotations

from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from commerce.client_ip import client_ip
from commerce.customer import login_limits
from commerce.throttling import throttle_cache


def sign_in_identifier(request) -> str:
    """The username (or email) a sign-in body names, or "" for a body without one."""
    data = request.data if isinstance(request.data, dict) else {}
    return str(data.get("username") or data.get("email") or "")


class LoginIPThrottle(SimpleRateThrottle):
    """Sign-in attempts per client IP (rate ``login`` in settings)."""

    scope = "login"
    cache = throttle_cache

    def get_ident(self, request):
        return client_ip(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "login-ip", "ident": self.get_ident(request)}


class LoginAccountThrottle(SimpleRateThrottle):
    """Sign-in attempts per account, whatever IP they come from (guessing one password)."""

    scope = "login"
    cache = throttle_cache

    def get_cache_key(self, request, view):
        account = login_limits.account_key(sign_in_identifier(request))
        if not account:
            return None
        return self.cache_format % {"scope": "login-account", "ident": account}


class LoginLockoutThrottle(BaseThrottle):
    """Refuses a sign-in while its IP or account is locked out after failed sign-ins."""

    def allow_request(self, request, view):
        self.lockout = login_limits.login_wait(
            request=request, identifier=sign_in_identifier(request)
        )
        return not self.lockout

    def wait(self):
        return self.lockout


LOGIN_THROTTLES = (LoginIPThrottle, LoginAccountThrottle)
SIGN_IN_THROTTLES = (*LOGIN_THROTTLES, LoginLockoutThrottle)
