"""JSON bodies nested too deeply answer 400 on every API route, never 500 (RecursionError)."""

import pytest

from nexus_site.api_parsers import JSON_MAX_DEPTH, json_depth_exceeds

pytestmark = pytest.mark.django_db

DEEP_ARRAY = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    "path", ["/api/checkout/", "/api/basket/add-product/", "/api/auth/token/", "/api/login/"]
)
def test_json_nested_ten_thousand_deep_gets_400(client, path, body):
    response = client.post(path, body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["code"]


def test_json_just_over_the_limit_gets_400_and_at_the_limit_parses(client):
    def nested(depth):
        return b'{"url":' * depth + b"1" + b"}" * depth

    too_deep = client.post(
        "/api/basket/add-product/", nested(JSON_MAX_DEPTH + 1), content_type="application/json"
    )
    at_limit = client.post(
        "/api/basket/add-product/", nested(JSON_MAX_DEPTH), content_type="application/json"
    )

    assert too_deep.status_code == 400
    assert "nested" in too_deep.json()["message"] + str(too_deep.json()["errors"])
    assert at_limit.status_code == 400  # parsed: a bad product, not a parse error
    assert "nested" not in at_limit.content.decode()


def test_depth_is_measured_without_recursion():
    assert not json_depth_exceeds({"a": [1, {"b": 2}]}, limit=3)
    assert json_depth_exceeds({"a": [1, {"b": [3]}]}, limit=3)
    deep = []
    for _ in range(100_000):
        deep = [deep]
    assert json_depth_exceeds(deep, limit=JSON_MAX_DEPTH)
