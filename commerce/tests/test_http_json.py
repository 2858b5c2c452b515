"""JsonApiClient over real HTTP against a fake API: retries, timeouts and the error mapping."""

import socket
from collections import deque

import pytest
import requests

from commerce.http_json import (
    JsonApiClient,
    JsonApiInvalidAnswerError,
    JsonApiRejectedError,
    JsonApiTemporaryError,
)
from testkit.fakes.http_server import FakeHTTPService, Reply

TOKEN = "fake-token"


class FakeJsonApi(FakeHTTPService):
    """Answers each call with the next reply of ``replies``, then with ``{"ok": true}``."""

    bearer_token = TOKEN

    def __init__(self) -> None:
        super().__init__()
        self.replies: deque[Reply] = deque()

    def handle(self, request) -> Reply:
        return self.replies.popleft() if self.replies else Reply(200, {"ok": True})


class ExampleClient(JsonApiClient):
    service_name = "Example"

    def __init__(self, *, api_base: str):
        super().__init__(
            api_base=api_base, timeout=0.5, headers={"Authorization": f"Bearer {TOKEN}"}
        )

    def _error_detail(self, body) -> str:
        return str(body.get("error") or "") if isinstance(body, dict) else ""


@pytest.fixture
def api():
    with FakeJsonApi() as fake:
        yield fake


def unused_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_call_sends_the_credentials_and_asks_for_json(api):
    answer = ExampleClient(api_base=api.base_url + "/")._call("POST", "/things", json={"a": 1})

    assert answer.status_code == 200
    assert answer.body == {"ok": True}
    [sent] = api.requests
    assert sent.path == "/things"
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["accept"] == "application/json"
    assert sent.json() == {"a": 1}
    assert "idempotency-key" not in sent.headers


def test_a_get_is_retried_after_a_503_then_succeeds(api):
    api.replies.append(Reply(503, {"error": "maintenance"}))

    answer = ExampleClient(api_base=api.base_url)._call("GET", "/things/1")

    assert answer.body == {"ok": True}
    assert len(api.requests_to("GET", "/things/1")) == 2


def test_a_get_still_unavailable_after_the_retries_is_a_temporary_error(api):
    api.replies.extend([Reply(503, {"error": "maintenance"})] * 3)

    with pytest.raises(JsonApiTemporaryError, match=r"HTTP 503\): maintenance") as caught:
        ExampleClient(api_base=api.base_url)._call("GET", "/things/1")

    assert caught.value.status_code == 503
    assert len(api.requests) == 3


def test_a_post_without_an_idempotency_key_is_not_retried(api):
    api.replies.append(Reply(503, {"error": "maintenance"}))

    with pytest.raises(JsonApiTemporaryError) as caught:
        ExampleClient(api_base=api.base_url)._call("POST", "/payments", json={"amount": 10})

    assert caught.value.temporary is True
    assert len(api.requests) == 1


def test_a_post_with_an_idempotency_key_is_retried_with_the_same_key(api):
    api.replies.append(Reply(503, {"error": "maintenance"}))

    answer = ExampleClient(api_base=api.base_url)._call(
        "POST", "/payments", json={"amount": 10}, idempotency_key="refund-7"
    )

    assert answer.body == {"ok": True}
    assert [sent.headers["idempotency-key"] for sent in api.requests] == ["refund-7"] * 2


def test_a_timeout_is_a_temporary_error_and_is_not_repeated(api):
    api.hang_next()

    with pytest.raises(JsonApiTemporaryError, match="Example did not answer GET /slow") as caught:
        ExampleClient(api_base=api.base_url)._call("GET", "/slow")

    assert caught.value.status_code is None
    assert isinstance(caught.value.__cause__, requests.Timeout)
    # The API may have acted on the call: a read timeout is left to the caller.
    assert len(api.requests) == 1


def test_a_refused_connection_is_a_temporary_error():
    with pytest.raises(JsonApiTemporaryError, match="could not be reached") as caught:
        ExampleClient(api_base=unused_port_url())._call("POST", "/payments")

    assert isinstance(caught.value.__cause__, requests.ConnectionError)
    assert caught.value.cause is caught.value.__cause__


def test_a_4xx_is_a_rejection_carrying_the_status_and_the_body(api):
    api.replies.append(Reply(422, {"error": "amount is required", "field": "amount"}))

    with pytest.raises(JsonApiRejectedError) as caught:
        ExampleClient(api_base=api.base_url)._call("POST", "/payments", json={})

    error = caught.value
    assert error.temporary is False
    assert error.status_code == 422
    assert error.body == {"error": "amount is required", "field": "amount"}
    assert error.message == "Example refused POST /payments (HTTP 422): amount is required"
    assert error.cause is error


def test_a_wrong_credential_is_a_rejection(api):
    with pytest.raises(JsonApiRejectedError) as caught:
        JsonApiClient(api_base=api.base_url, timeout=0.5)._call("GET", "/things/1")

    assert caught.value.status_code == 401
    assert caught.value.body == {"message": "Unauthorized"}


def test_a_rate_limit_is_temporary(api):
    api.replies.append(Reply(429, {"error": "slow down"}))

    with pytest.raises(JsonApiTemporaryError, match="refused POST /payments") as caught:
        ExampleClient(api_base=api.base_url)._call("POST", "/payments")

    assert caught.value.status_code == 429


def test_an_error_page_that_is_not_json_is_quoted(api):
    api.replies.append(Reply(500, b"<html>\n  Internal   Server Error\n</html>"))

    with pytest.raises(JsonApiTemporaryError) as caught:
        ExampleClient(api_base=api.base_url)._call("GET", "/things/1")

    assert caught.value.body is None
    assert caught.value.text == "<html> Internal Server Error </html>"
    assert caught.value.message.endswith("(HTTP 500): <html> Internal Server Error </html>")
    # 500 is the API's own failure, not a passing unavailability: it is not repeated.
    assert len(api.requests) == 1


@pytest.mark.parametrize("body", [b"<html>OK</html>", b"", b"[1, 2]"])
def test_a_success_without_a_json_object_is_a_clear_error(api, body):
    api.replies.append(Reply(200, body))

    with pytest.raises(
        JsonApiInvalidAnswerError,
        match="Example answered GET /things/1 with HTTP 200 and no JSON object",
    ) as caught:
        ExampleClient(api_base=api.base_url)._call("GET", "/things/1")

    # Whether the API acted is unknown: calling again is not known to be safe.
    assert caught.value.temporary is False
    assert caught.value.status_code == 200
