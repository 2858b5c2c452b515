from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
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
