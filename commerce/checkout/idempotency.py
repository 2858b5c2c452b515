"""``Idempotency-Key`` for checkout: a retried request gets the order the first one placed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from oscar.core.loading import get_model

IdempotencyKey = get_model("order", "IdempotencyKey")

KEY_MAX_LENGTH = 255


class IdempotencyKeyReused(Exception):
    """The key was first sent with a different request body."""


@dataclass(frozen=True)
class IdempotencyClaim:
    """A request's ``Idempotency-Key``, whose it is, and what the request asked for."""

    key: str
    owner: str  # "user:<pk>", or "basket:<pk>" for a guest
    fingerprint: str  # request_fingerprint() of the request body


def request_fingerprint(*, data: Any) -> str:
    canonical = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def order_for_key(*, key: str, owner: str, fingerprint: str):
    """The order an earlier request with this key placed, or None if there was none."""
    existing = IdempotencyKey.objects.filter(key=key, owner=owner).select_related("order").first()
    if existing is None:
        return None
    if existing.request_fingerprint != fingerprint:
        raise IdempotencyKeyReused(key)
    return existing.order


def order_place_once(*, key: str, owner: str, fingerprint: str, place: Callable[[], Any]):
    """Run ``place`` once per (owner, key); returns ``(order, replayed)``.

    The key row is written first in the same transaction as the order: a concurrent request
    with the same key waits on its unique index, then finds the committed order and replays it.
    """
    try:
        with transaction.atomic():
            record = IdempotencyKey.objects.create(
                key=key, owner=owner, request_fingerprint=fingerprint
            )
            order = place()
            record.order = order
            record.save(update_fields=["order"])
            return order, False
    except IntegrityError:
        order = order_for_key(key=key, owner=owner, fingerprint=fingerprint)
        if order is None:
            raise
        return order, True
