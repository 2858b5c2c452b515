from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from commerce.throttling import AnonRateThrottle, UserRateThrottle


def _request(user) -> Request:
    request = Request(APIRequestFactory().get("/api/products/", REMOTE_ADDR="203.0.113.7"))
    request.user = user
    return request


def test_an_anonymous_caller_is_counted_once_under_the_anon_limit():
    request = _request(AnonymousUser())

    assert AnonRateThrottle().get_cache_key(request, view=None) == "throttle_anon_203.0.113.7"
    assert UserRateThrottle().get_cache_key(request, view=None) is None


def test_a_signed_in_user_is_counted_under_the_user_limit_by_account(db):
    user = get_user_model().objects.create_user(
        username="shopper", email="shopper@example.org", password="not-used-here-42"
    )
    request = _request(user)

    assert UserRateThrottle().get_cache_key(request, view=None) == f"throttle_user_{user.pk}"
    assert AnonRateThrottle().get_cache_key(request, view=None) is None


class ThreePerMinute(AnonRateThrottle):
    rate = "3/minute"


def test_the_anon_limit_refuses_past_its_count_until_the_window_ends(monkeypatch):
    caches["throttle"].clear()
    now = [600.0]  # the start of a one-minute window
    monkeypatch.setattr(ThreePerMinute, "timer", lambda self: now[0])
    request = _request(AnonymousUser())

    answers = []
    for _ in range(4):
        throttle = ThreePerMinute()
        answers.append(throttle.allow_request(request, view=None))
    assert answers == [True, True, True, False]
    now[0] = 645.0
    assert not ThreePerMinute().allow_request(request, view=None)

    other_client = Request(APIRequestFactory().get("/api/products/", REMOTE_ADDR="203.0.113.8"))
    other_client.user = AnonymousUser()
    assert ThreePerMinute().allow_request(other_client, view=None)

    now[0] = 660.0  # the next window
    assert ThreePerMinute().allow_request(request, view=None)


def test_a_refused_call_is_told_when_the_window_ends(monkeypatch):
    caches["throttle"].clear()
    monkeypatch.setattr(ThreePerMinute, "timer", lambda self: 645.0)
    request = _request(AnonymousUser())
    for _ in range(3):
        assert ThreePerMinute().allow_request(request, view=None)
    refused = ThreePerMinute()
    assert not refused.allow_request(request, view=None)
    assert refused.wait() == 15.0
