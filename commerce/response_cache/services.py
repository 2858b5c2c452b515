"""Answers cached whole for anonymous visitors, under keys that name everything that shapes them.

A key holds the kind of answer, the host, the language, the
currency, the pricing strategy and its customer group, what the client accepts (API) and the
path with its query string; never anything a visitor owns (session, basket, cookies). Signed-in
visitors and API calls with credentials are not served from it: their prices and pages may be
their own. The content version (``versions``) is kept inside the answer: the version and the
answer are read together in one round trip, and an answer of an earlier version is a miss that
the new one overwrites.

What differs per visitor on an anonymous page is cut out before the page is stored and filled
in again for each request (``parts``): the HTML between ``<!--visitor:NAME-->`` and
``<!--/visitor:NAME-->`` markers, and each form's CSRF token.

How long an answer lives: ``RESPONSE_CACHE_SECONDS``, and never past the next moment an offer
starts or ends, so that a scheduled offer shows on the first request after its start.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from oscar.core.loading import get_model

from commerce.response_cache.versions import content_version_with

PAGE, API = "page", "api"
# The headers an answer keeps in the cache; the rest (cookies above all) belong to the request
# that built it.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Allow", "Link", "Vary")
# A visitor's part of a page, and a form's CSRF token: cut out when stored, filled per request.
VISITOR_PART = re.compile(r"(<!--visitor:([\w:-]+)-->)(.*?)(<!--/visitor:\2-->)", re.DOTALL)
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_SLOT = "<csrf>"  # not a part name: those are [\w:-]+
# The shape of what is stored; a new shape never reads an old one.
FORMAT = 2
# An offer starting or ending this close to now: the answer is not worth storing.
SHORTEST_LIFETIME_SECONDS = 1


@dataclass(frozen=True)
class CachedAnswer:
    """An answer as stored: its text in ``segments``, where every odd item is a slot to fill per
    request (a visitor part's name, or ``CSRF_SLOT``) and every even item is text kept as is, so
    that serving it is one join."""

    version: int
    status: int
    segments: tuple[str, ...]
    headers: tuple[tuple[str, str], ...]

    @property
    def part_names(self) -> list[str]:
        return [slot for slot in self.segments[1::2] if slot != CSRF_SLOT]


def _cache():
    return caches["default"]


def response_cache_seconds() -> int:
    return settings.RESPONSE_CACHE_SECONDS


def pricing_group(request: HttpRequest) -> str:
    """The pricing strategy and the customer group it prices for, as part of a key.

    A strategy may set ``price_group`` (a name shared by every customer it prices alike);
    without it, the strategy's class stands for everyone it serves.
    """
    strategy = getattr(request, "strategy", None)
    if strategy is None:
        return "none"
    group = getattr(strategy, "price_group", "all")
    return f"{type(strategy).__module__}.{type(strategy).__qualname__}:{group}"


def audience(request: HttpRequest) -> tuple[str, ...]:
    """Everything about the request, but its URL, that shapes an anonymous answer."""
    return (
        request.get_host(),
        get_language() or "",
        settings.OSCAR_DEFAULT_CURRENCY,
        pricing_group(request),
    )


def response_cache_key(*, request: HttpRequest, kind: str) -> str:
    parts = [
        kind,
        *audience(request),
        request.path,
        "&".join(sorted(request.GET.urlencode().split("&"))),
    ]
    if kind == API:
        # DRF answers JSON or its browsable HTML by what the client accepts.
        parts.append(request.headers.get("Accept", ""))
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"response:{kind}:{FORMAT}:{digest}"


def _offers_next_change_at(*, version: int) -> datetime | None:
    """When an offer next starts or ends (a cached answer must not outlive that moment)."""
    cache = _cache()
    key = f"response:{version}:offers-next-change"
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    now = timezone.now()
    offers = get_model("offer", "ConditionalOffer").objects.filter(
        Q(start_datetime__gt=now) | Q(end_datetime__gt=now)
    )
    moments = [
        moment
        for start, end in offers.values_list("start_datetime", "end_datetime")
        for moment in (start, end)
        if moment is not None and moment > now
    ]
    next_change = min(moments, default=None)
    timeout = response_cache_seconds()
    if next_change is not None:
        timeout = min(timeout, int((next_change - now).total_seconds()))
    if timeout >= SHORTEST_LIFETIME_SECONDS:
        cache.set(key, next_change or "", timeout=timeout)
    return next_change


def answer_lifetime(*, version: int) -> int:
    """Seconds an answer stored now may live (0: do not store it)."""
    lifetime = response_cache_seconds()
    next_change = _offers_next_change_at(version=version)
    if next_change is not None:
        lifetime = min(lifetime, int((next_change - timezone.now()).total_seconds()))
    return lifetime if lifetime >= SHORTEST_LIFETIME_SECONDS else 0


def cached_answer_key(*, request: HttpRequest, kind: str) -> str | None:
    """The key this request's answer is cached under; None when answers are not cached."""
    if response_cache_seconds() <= 0:
        return None
    return response_cache_key(request=request, kind=kind)


def cached_answer_get(*, key: str) -> tuple[int | None, CachedAnswer | None]:
    """The content version (None: the cache cannot keep one, store nothing) and the answer
    stored under ``key`` for that version, if any."""
    version, answer = content_version_with(key=key)
    if version is None or not isinstance(answer, CachedAnswer) or answer.version != version:
        return version, None
    return version, answer


def answer_segments(*, content: str, kind: str) -> tuple[str, ...]:
    """``content`` cut at its visitor parts (emptied) and, on a page, its forms' CSRF tokens."""
    slots = [
        (found.end(1), found.start(4), found.group(2)) for found in VISITOR_PART.finditer(content)
    ]
    if kind == PAGE:
        slots += [
            (found.end(1), found.start(2), CSRF_SLOT) for found in CSRF_INPUT.finditer(content)
        ]
    segments, position = [], 0
    for start, end, slot in sorted(slots):
        if start < position:
            continue  # a token inside a visitor part: the part is rendered per request anyway
        segments += [content[position:start], slot]
        position = end
    segments.append(content[position:])
    return tuple(segments)


def cached_answer_store(*, key: str, version: int, response: HttpResponse) -> bool:
    """Keep ``response``, built at content ``version``, under ``key`` with its visitor parts cut
    out; False if not kept."""
    kind = key.split(":", 2)[1]
    lifetime = answer_lifetime(version=version)
    if not lifetime:
        return False
    answer = CachedAnswer(
        version=version,
        status=response.status_code,
        segments=answer_segments(
            content=response.content.decode(response.charset or "utf-8"), kind=kind
        ),
        headers=tuple((name, response[name]) for name in KEPT_HEADERS if response.has_header(name)),
    )
    _cache().set(key, answer, timeout=lifetime)
    return True


def answer_rebuild(*, answer: CachedAnswer, parts: dict[str, str], csrf_token) -> HttpResponse:
    """The stored answer with this visitor's parts and CSRF token put back.

    ``csrf_token`` is called once, at the first form: one masked token serves every form of the
    page (Django masks it anew for each response, which is what guards against BREACH).
    """
    segments = list(answer.segments)
    token = None
    for index in range(1, len(segments), 2):
        slot = segments[index]
        if slot == CSRF_SLOT:
            token = token or csrf_token()
            segments[index] = token
        else:
            segments[index] = parts.get(slot, "")
    response = HttpResponse("".join(segments), status=answer.status)
    for name, value in answer.headers:
        response[name] = value
    return response
