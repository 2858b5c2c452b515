"""Voucher codes tried, limited per basket and per client IP (rate ``voucher``, e.g. ``10/10m``),
on the storefront (``views.VoucherAddView``) and the API (``/api/basket/add-voucher/``), so
codes cannot be guessed by trying them one after another.

DRF throttles, counted in ``CACHES["throttle"]`` (local memory while Redis is down). A view using
them says which basket a code is for with ``voucher_basket()``.
"""

from __future__ import annotations

import re

from oscarapi.basket import operations
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from commerce.client_ip import client_ip
from commerce.throttling import throttle_cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class VoucherThrottle(SimpleRateThrottle):
    scope = "voucher"
    cache = throttle_cache

    def parse_rate(self, rate):
        """DRF's ``<number>/<period>`` (``10/minute``), the period may have a count: ``10/10m``."""
        if rate is None:
            return (None, None)
        number, period = rate.split("/")
        match = re.fullmatch(r"\s*(\d*)\s*([smhd])[a-z]*\s*", period)
        if match is None:
            raise ValueError(f"Rate {rate!r} is not like 10/minute or 10/10m")
        return int(number), int(match.group(1) or 1) * PERIODS[match.group(2)]

    def get_ident(self, request):
        return client_ip(request)


class VoucherBasketThrottle(VoucherThrottle):
    def get_cache_key(self, request, view):
        basket = view.voucher_basket()
        if basket is None or basket.pk is None:
            return None
        return self.cache_format % {"scope": "voucher-basket", "ident": basket.pk}


class VoucherIPThrottle(VoucherThrottle):
    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": "voucher-ip", "ident": self.get_ident(request)}


VOUCHER_THROTTLES = (VoucherBasketThrottle, VoucherIPThrottle)


def voucher_attempt_wait(*, request, view) -> float | None:
    """Count a voucher attempt outside DRF (the storefront); the seconds to wait when it is one
    too many, else None."""
    waits = []
    for throttle_class in VOUCHER_THROTTLES:
        throttle = throttle_class()
        if not throttle.allow_request(request, view):
            waits.append(throttle.wait() or 0)
    return max(waits) if waits else None


class VoucherAttemptsLimitedMixin:
    """For django-oscar-api's ``AddVoucherView`` (or a subclass): codes tried are limited per
    basket and per IP, over the limit answers 429 with ``Retry-After``."""

    throttle_classes = (*api_settings.DEFAULT_THROTTLE_CLASSES, *VOUCHER_THROTTLES)

    def voucher_basket(self):
        if self.request.user.is_authenticated:
            return operations.get_user_basket(self.request.user)
        return operations.get_anonymous_basket(self.request)
