"""The fail-open Redis cache: with Redis out of reach the fallback answers and nothing raises."""

import pytest
import redis
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from commerce.throttling import AnonRateThrottle
from nexus_site import cache as fail_open
from nexus_site.tests.test_health import closed_port


@pytest.fixture(autouse=True)
def _breakers_reset():
    fail_open._down_until.clear()
    yield
    fail_open._down_until.clear()


def redis_cache(url: str, *, fallback: str, retry_after: float = 5):
    return fail_open.FailOpenRedisCache(
        url,
        {
            "KEY_PREFIX": "test",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "FALLBACK": fallback,
                "RETRY_AFTER": retry_after,
            },
        },
    )


def test_with_redis_out_of_reach_the_shared_cache_reads_as_misses():
    cache = redis_cache(f"redis://127.0.0.1:{closed_port()}/0", fallback=fail_open.DUMMY)

    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.get("key", "default") == "default"
    assert cache.get_or_set("key", lambda: "computed") == "computed"
    assert cache.get_many(["key"]) == {}
    cache.delete("key")
    cache.clear()
    with pytest.raises(redis.exceptions.ConnectionError):
        cache.ping()  # what /health/ asks


def test_with_redis_out_of_reach_rate_limits_keep_counting_in_memory():
    cache = redis_cache(f"redis://127.0.0.1:{closed_port()}/0", fallback=fail_open.LOCMEM)
    cache.set("count", 1)
    assert cache.incr("count") == 2
    assert cache.get("count") == 2

    class TwoPerMinute(AnonRateThrottle):
        rate = "2/minute"

    TwoPerMinute.cache = cache
    request = RequestFactory().post("/api/auth/token/", REMOTE_ADDR="203.0.113.5")
    request.user = AnonymousUser()
    answers = [TwoPerMinute().allow_request(request, view=None) for _ in range(3)]
    assert answers == [True, True, False]


def test_redis_is_left_alone_while_down_and_used_again_once_it_answers(redis_server):
    cache = redis_cache(redis_server.url, fallback=fail_open.LOCMEM, retry_after=60)
    direct = redis.Redis.from_url(redis_server.url)
    cache.set("before", "in redis")
    assert direct.exists(cache.make_key("before"))

    redis_server.stop()
    cache.set("during", "in memory")
    redis_server.start()
    # Within RETRY_AFTER the cache does not try Redis again: it keeps to its fallback.
    assert cache.get("during") == "in memory"
    assert not direct.exists(cache.make_key("during"))

    cache.ping()  # as /health/ does: Redis answers, so the cache goes back to it
    cache.set("after", "in redis")
    assert direct.exists(cache.make_key("after"))
    assert cache.get("during") is None  # the fallback's values are not Redis's
