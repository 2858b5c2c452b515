"""TwilioClient over real HTTP against FakeTwilio: what it sends, and how failures surface."""

import base64
import socket

import pytest
import requests

from commerce.communication.sms.interface import SmsError
from commerce.communication.sms.twilio.client import TwilioAPIError, TwilioClient
from commerce.communication.sms.twilio.tests.fake_twilio import FakeTwilio

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-auth-token"
MESSAGES_PATH = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
FIELDS = {"To": "+254712345678", "From": "+15005550006", "Body": "Your order shipped"}


@pytest.fixture
def twilio():
    with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as fake:
        yield fake


def client_for(base_url: str, *, auth_token: str = AUTH_TOKEN) -> TwilioClient:
    return TwilioClient(
        account_sid=ACCOUNT_SID, auth_token=auth_token, api_base=base_url, timeout=0.5
    )


def unused_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_message_create_posts_the_form_with_basic_auth(twilio):
    answer = client_for(twilio.base_url + "/").message_create(fields=FIELDS)

    assert answer["sid"].startswith("SM")
    assert answer["status"] == "queued"
    [sent] = twilio.requests
    assert sent.method == "POST"
    assert sent.path == MESSAGES_PATH
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.headers["accept"] == "application/json"
    credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert sent.headers["authorization"] == f"Basic {credentials}"
    assert sent.form() == FIELDS


def test_a_wrong_auth_token_is_a_permanent_error(twilio):
    with pytest.raises(TwilioAPIError, match="Authenticate") as caught:
        client_for(twilio.base_url, auth_token="wrong").message_create(fields=FIELDS)

    assert caught.value.permanent is True
    assert caught.value.code == "20003"
    assert caught.value.status_code == 401
    assert caught.value.more_info == "https://www.twilio.com/docs/errors/20003"
    assert twilio.messages == {}


def test_a_bad_request_keeps_twilios_code_and_message(twilio):
    with pytest.raises(TwilioAPIError, match="21602: Message body is required") as caught:
        client_for(twilio.base_url).message_create(fields={**FIELDS, "Body": ""})

    assert caught.value.permanent is True
    assert caught.value.status_code == 400
    assert caught.value.provider == "twilio"
    assert isinstance(caught.value, SmsError)


def test_a_server_error_without_json_is_temporary(twilio):
    twilio.fail_next()

    with pytest.raises(TwilioAPIError, match="HTTP 500") as caught:
        client_for(twilio.base_url).message_create(fields=FIELDS)

    assert caught.value.permanent is False
    assert caught.value.status_code == 500
    assert caught.value.code == ""


def test_the_rate_limit_is_temporary(twilio):
    twilio.throttle_next()

    with pytest.raises(TwilioAPIError, match="Too Many Requests") as caught:
        client_for(twilio.base_url).message_create(fields=FIELDS)

    assert caught.value.permanent is False
    assert caught.value.status_code == 429
    assert caught.value.code == "20429"


def test_a_hung_call_times_out_as_temporary(twilio):
    twilio.hang_next()

    with pytest.raises(TwilioAPIError, match="did not answer") as caught:
        client_for(twilio.base_url).message_create(fields=FIELDS)

    assert caught.value.permanent is False
    assert isinstance(caught.value.__cause__, requests.Timeout)


def test_a_refused_connection_is_temporary():
    with pytest.raises(TwilioAPIError, match="could not be reached") as caught:
        client_for(unused_port_url()).message_create(fields=FIELDS)

    assert caught.value.permanent is False
    assert isinstance(caught.value.__cause__, requests.ConnectionError)


def test_the_account_sid_is_escaped_in_the_path(twilio):
    client = TwilioClient(
        account_sid="AC/../x y", auth_token=AUTH_TOKEN, api_base=twilio.base_url, timeout=0.5
    )

    with pytest.raises(TwilioAPIError):
        client.message_create(fields=FIELDS)
    assert twilio.requests[-1].path == "/2010-04-01/Accounts/AC%2F..%2Fx%20y/Messages.json"
