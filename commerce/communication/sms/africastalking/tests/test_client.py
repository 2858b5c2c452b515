"""AfricasTalkingClient over real HTTP against FakeAfricasTalking."""

import socket

import pytest
import requests

from commerce.communication.sms.africastalking.client import (
    AfricasTalkingAPIError,
    AfricasTalkingClient,
)
from commerce.communication.sms.africastalking.tests.fake_africastalking import (
    FakeAfricasTalking,
)
from commerce.communication.sms.interface import SmsError

USERNAME = "nexus-shop"
API_KEY = "atsk_fake-api-key"
FIELDS = {"to": "+254712345678", "message": "Your order shipped"}


@pytest.fixture
def africastalking():
    with FakeAfricasTalking(username=USERNAME, api_key=API_KEY) as fake:
        yield fake


def client_for(
    base_url: str, *, username: str = USERNAME, api_key: str = API_KEY
) -> AfricasTalkingClient:
    return AfricasTalkingClient(username=username, api_key=api_key, api_base=base_url, timeout=0.5)


def unused_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_messaging_send_posts_the_form_with_the_api_key(africastalking):
    answer = client_for(africastalking.base_url + "/").messaging_send(fields=FIELDS)

    [recipient] = answer["SMSMessageData"]["Recipients"]
    assert recipient["statusCode"] == 101
    assert recipient["messageId"].startswith("ATXid_")
    [sent] = africastalking.requests
    assert sent.method == "POST"
    assert sent.path == "/version1/messaging"
    assert sent.headers["apikey"] == API_KEY
    assert sent.headers["accept"] == "application/json"
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.form() == {"username": USERNAME, **FIELDS}
    assert "authorization" not in sent.headers


@pytest.mark.parametrize("credentials", [{"api_key": "atsk_wrong"}, {"username": "someone-else"}])
def test_bad_credentials_are_a_permanent_error(africastalking, credentials):
    with pytest.raises(
        AfricasTalkingAPIError, match="supplied authentication is invalid"
    ) as caught:
        client_for(africastalking.base_url, **credentials).messaging_send(fields=FIELDS)

    assert caught.value.permanent is True
    assert caught.value.status_code == 401
    assert caught.value.provider == "africastalking"
    assert isinstance(caught.value, SmsError)
    assert africastalking.sent == []


def test_a_refused_request_is_a_permanent_error(africastalking):
    africastalking.refuse_next("Invalid message")

    with pytest.raises(AfricasTalkingAPIError, match="HTTP 400.*Invalid message") as caught:
        client_for(africastalking.base_url).messaging_send(fields=FIELDS)

    assert caught.value.permanent is True


def test_a_server_error_is_temporary(africastalking):
    africastalking.fail_next()

    with pytest.raises(AfricasTalkingAPIError, match="HTTP 500") as caught:
        client_for(africastalking.base_url).messaging_send(fields=FIELDS)

    assert caught.value.permanent is False
    assert caught.value.status_code == 500


def test_a_hung_call_times_out_as_temporary(africastalking):
    africastalking.hang_next()

    with pytest.raises(AfricasTalkingAPIError, match="did not answer") as caught:
        client_for(africastalking.base_url).messaging_send(fields=FIELDS)

    assert caught.value.permanent is False
    assert isinstance(caught.value.__cause__, requests.Timeout)


def test_a_refused_connection_is_temporary():
    with pytest.raises(AfricasTalkingAPIError, match="could not be reached") as caught:
        client_for(unused_port_url()).messaging_send(fields=FIELDS)

    assert caught.value.permanent is False
    assert isinstance(caught.value.__cause__, requests.ConnectionError)


def test_recipient_statuses_come_back_even_with_an_error_status(africastalking):
    # A promotional sender outside its hours: HTTP 409 with the statuses in the body.
    africastalking.refuse_number("+254712345678", status_code=409)

    answer = client_for(africastalking.base_url).messaging_send(fields=FIELDS)

    [recipient] = answer["SMSMessageData"]["Recipients"]
    assert recipient["status"] == "DoNotDisturbRejection"
