"""The Africa's Talking provider over real HTTP against FakeAfricasTalking."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from commerce.communication.sms.africastalking.provider import (
    AfricasTalkingProvider,
    provider_from_settings,
)
from commerce.communication.sms.africastalking.tests.fake_africastalking import (
    FakeAfricasTalking,
)
from commerce.communication.sms.interface import SmsError, SmsMessage

USERNAME = "nexus-shop"
API_KEY = "atsk_fake-api-key"
SENDER_ID = "NEXUS"


@pytest.fixture
def africastalking(settings):
    with FakeAfricasTalking(
        username=USERNAME, api_key=API_KEY, sender_ids=frozenset({SENDER_ID})
    ) as fake:
        settings.AFRICASTALKING_USERNAME = USERNAME
        settings.AFRICASTALKING_API_KEY = API_KEY
        settings.AFRICASTALKING_SENDER_ID = ""
        settings.AFRICASTALKING_API_BASE = fake.base_url
        settings.SMS_PROVIDER_TIMEOUT = (
            2.0  # well above a local call on a busy machine, below a hang
        )
        yield fake


@pytest.fixture
def provider(africastalking) -> AfricasTalkingProvider:
    return provider_from_settings()


def sms(to: str = "+254712345678") -> SmsMessage:
    return SmsMessage(to=to, body="Order 100042 has shipped.", reference="order-100042-shipped")


def test_send_posts_one_recipient_without_a_sender_id(provider, africastalking):
    result = provider.send(message=sms())

    [sent] = africastalking.sent
    assert result.provider_message_id == sent["messageId"]
    assert result.status == "sent"
    assert [r.form() for r in africastalking.messaging_requests()] == [
        {"username": USERNAME, "to": "+254712345678", "message": "Order 100042 has shipped."}
    ]
    assert provider.code == "africastalking"


def test_send_from_the_configured_sender_id(settings, africastalking):
    settings.AFRICASTALKING_SENDER_ID = SENDER_ID

    provider_from_settings().send(message=sms())

    assert africastalking.requests[-1].form()["from"] == SENDER_ID
    assert africastalking.sent[0]["from"] == SENDER_ID


@pytest.mark.parametrize(("status_code", "status"), [(100, "processed"), (102, "queued")])
def test_every_accepted_status_is_a_success(settings, status_code, status):
    with FakeAfricasTalking(username=USERNAME, api_key=API_KEY, status_code=status_code) as fake:
        settings.AFRICASTALKING_USERNAME = USERNAME
        settings.AFRICASTALKING_API_KEY = API_KEY
        settings.AFRICASTALKING_API_BASE = fake.base_url

        result = provider_from_settings().send(message=sms())

    assert result.status == status
    assert result.provider_message_id == fake.sent[0]["messageId"]


@pytest.mark.parametrize(
    ("status_code", "status"),
    [
        (401, "RiskHold"),
        (402, "InvalidSenderId"),
        (403, "InvalidPhoneNumber"),
        (404, "UnsupportedNumberType"),
        (405, "InsufficientBalance"),
        (406, "UserInBlacklist"),
        (407, "CouldNotRoute"),
        (409, "DoNotDisturbRejection"),
        (502, "RejectedByGateway"),
    ],
)
def test_a_refused_recipient_is_a_permanent_error(provider, africastalking, status_code, status):
    africastalking.refuse_number("+254712345678", status_code=status_code)

    with pytest.raises(SmsError, match=status) as caught:
        provider.send(message=sms())

    assert caught.value.permanent is True
    assert caught.value.code == str(status_code)
    assert africastalking.sent == []


@pytest.mark.parametrize(
    ("status_code", "status"), [(500, "InternalServerError"), (501, "GatewayError")]
)
def test_a_provider_side_recipient_failure_is_temporary(
    provider, africastalking, status_code, status
):
    africastalking.refuse_number("+254712345678", status_code=status_code)

    with pytest.raises(SmsError, match=status) as caught:
        provider.send(message=sms())

    assert caught.value.permanent is False
    assert caught.value.code == str(status_code)


def test_a_number_not_in_e164_is_a_permanent_error(provider, africastalking):
    with pytest.raises(SmsError, match="InvalidPhoneNumber") as caught:
        provider.send(message=sms(to="0712345678"))

    assert caught.value.permanent is True
    assert caught.value.code == "403"


def test_an_unapproved_sender_id_is_a_permanent_error(settings, africastalking):
    settings.AFRICASTALKING_SENDER_ID = "NOT-OURS"

    with pytest.raises(SmsError, match="InvalidSenderId") as caught:
        provider_from_settings().send(message=sms())

    assert caught.value.permanent is True
    assert caught.value.code == "402"


@pytest.mark.parametrize("trouble", ["fail_next", "hang_next", "throttle_next"])
def test_provider_side_trouble_is_temporary(provider, africastalking, trouble):
    getattr(africastalking, trouble)()

    with pytest.raises(SmsError) as caught:
        provider.send(message=sms())

    assert caught.value.permanent is False
    # The message goes out once the trouble has passed.
    assert provider.send(message=sms()).status == "sent"


def test_a_refused_connection_is_temporary(settings, africastalking):
    settings.AFRICASTALKING_API_BASE = africastalking.base_url
    africastalking.stop()

    with pytest.raises(SmsError, match="could not be reached") as caught:
        provider_from_settings().send(message=sms())

    assert caught.value.permanent is False


def test_bad_credentials_are_a_permanent_error(settings, africastalking):
    settings.AFRICASTALKING_API_KEY = "atsk_revoked"

    with pytest.raises(SmsError, match="authentication is invalid") as caught:
        provider_from_settings().send(message=sms())

    assert caught.value.permanent is True


@pytest.mark.parametrize(
    ("username", "api_base"),
    [
        ("nexus-shop", "https://api.africastalking.com"),
        # The sandbox application only answers on its own host.
        ("sandbox", "https://api.sandbox.africastalking.com"),
    ],
)
def test_the_api_base_follows_the_application(settings, username, api_base):
    settings.AFRICASTALKING_USERNAME = username
    settings.AFRICASTALKING_API_KEY = API_KEY
    settings.AFRICASTALKING_API_BASE = ""
    settings.SMS_PROVIDER_TIMEOUT = 3

    provider = provider_from_settings()

    assert provider.client.api_base == api_base
    assert provider.client.timeout == 3.0


@pytest.mark.parametrize("missing", ["AFRICASTALKING_USERNAME", "AFRICASTALKING_API_KEY"])
def test_each_missing_credential_is_named(settings, missing):
    settings.AFRICASTALKING_USERNAME = USERNAME
    settings.AFRICASTALKING_API_KEY = API_KEY
    setattr(settings, missing, "")

    with pytest.raises(ImproperlyConfigured, match=f"needs {missing}, which is not set"):
        provider_from_settings()


def test_the_sender_id_is_optional(settings):
    settings.AFRICASTALKING_USERNAME = USERNAME
    settings.AFRICASTALKING_API_KEY = API_KEY
    settings.AFRICASTALKING_SENDER_ID = ""

    assert provider_from_settings().sender_id == ""
