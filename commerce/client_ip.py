"""The client's IP address, for rate limits and sign-in lock-outs.

``X-Forwarded-For`` is written by whoever sends the request, so it is believed only as far as
``TRUSTED_PROXY_COUNT`` proxies of ours append to it: the client is the entry that many places
from the right (each of our proxies appends the address it received the request from). With no
trusted proxy (the default) the header is ignored and the IP is the connection's own.

DRF's throttles use the same rule (``NUM_PROXIES`` is set from ``TRUSTED_PROXY_COUNT``).
"""

from __future__ import annotations

from django.conf import settings


def client_ip(request) -> str:
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded_for:
        return remote_addr
    addresses = forwarded_for.split(",")
    return addresses[-min(proxies, len(addresses))].strip() or remote_addr
