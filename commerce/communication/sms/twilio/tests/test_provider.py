"""The Twilio provider over real HTTP against FakeTwilio."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from commerce.communication.sms.interface import SmsError, SmsMessage
from commerce.communication.sms.twilio.provider import TwilioProvider, provider_from_settings
from commerce.communication.sms.twilio.tests.fake_twilio import FakeTwilio

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-auth-token"
FROM_NUMBER = "+15005550006"
MESSAGING_SERVICE_SID = "MG" + "fedcba9876543210" * 2


@pytest.fixture
def twilio(settings):
    with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as fake:
        settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
        settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
        settings.TWILIO_FROM_NUMBER = FROM_NUMBER
        settings.TWILIO_API_BASE = fake.base_url
        settings.SMS_PROVIDER_TIMEOUT = (
            2.0  # well above a local call on a busy machine, below a hang
        )
        yield fake


@pytest.fixture
def provider(twilio) -> TwilioProvider:
    return provider_from_settings()


def sms(to: str = "+254712345678") -> SmsMessage:
    return SmsMessage(to=to, body="Order 100042 has shipped.", reference="order-100042-shipped")


def test_send_creates_one_message_from_the_configured_number(provider, twilio):
    result = provider.send(message=sms())

    [created] = twilio.messages.values()
    assert result.provider_message_id == created["sid"]
    assert result.status == "queued"
    assert [r.form() for r in twilio.message_requests()] == [
        {"To": "+254712345678", "From": FROM_NUMBER, "Body": "Order 100042 has shipped."}
    ]
    assert provider.code == "twilio"


def test_send_through_a_messaging_service(settings, twilio):
    settings.TWILIO_FROM_NUMBER = MESSAGING_SERVICE_SID

    result = provider_from_settings().send(message=sms())

    assert result.status == "accepted"
    assert twilio.requests[-1].form() == {
        "To": "+254712345678",
        "MessagingServiceSid": MESSAGING_SERVICE_SID,
        "Body": "Order 100042 has shipped.",
    }


def test_a_number_not_in_e164_is_a_permanent_error(provider, twilio):
    with pytest.raises(SmsError, match="21211") as caught:
        provider.send(message=sms(to="0712345678"))

    assert caught.value.permanent is True
    assert caught.value.code == "21211"
    assert twilio.messages == {}


@pytest.mark.parametrize(
    "code",
    [
        21211,  # invalid 'To' number
        21408,  # region not enabled for the account
        21610,  # recipient replied STOP
        21612,  # not reachable via SMS
        21614,  # not a mobile number
    ],
)
def test_a_refused_recipient_is_a_permanent_error(provider, twilio, code):
    twilio.refuse_number("+254712345678", code=code)

    with pytest.raises(SmsError) as caught:
        provider.send(message=sms())

    assert caught.value.permanent is True
    assert caught.value.code == str(code)
    assert caught.value.status_code == 400
    assert twilio.messages == {}


def test_a_full_sender_queue_is_temporary(provider, twilio):
    twilio.refuse_number("+254712345678", code=21611)

    with pytest.raises(SmsError, match="maximum number of queued messages") as caught:
        provider.send(message=sms())

    assert caught.value.permanent is False


def test_other_recipients_still_go_out(provider, twilio):
    twilio.refuse_number("+254700000001", code=21610)

    provider.send(message=sms(to="+254712345678"))

    assert len(twilio.messages) == 1


@pytest.mark.parametrize("trouble", ["fail_next", "hang_next", "throttle_next"])
def test_provider_side_trouble_is_temporary(provider, twilio, trouble):
    getattr(twilio, trouble)()

    with pytest.raises(SmsError) as caught:
        provider.send(message=sms())

    assert caught.value.permanent is False
    # The message goes out once the trouble has passed.
    assert provider.send(message=sms()).status == "queued"


def test_bad_credentials_are_a_permanent_error(settings, twilio):
    settings.TWILIO_AUTH_TOKEN = "not-the-token"

    with pytest.raises(SmsError, match="Authenticate") as caught:
        provider_from_settings().send(message=sms())

    assert caught.value.permanent is True
    assert twilio.messages == {}


def test_the_api_base_defaults_to_twilio(settings):
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    settings.TWILIO_API_BASE = ""
    settings.SMS_PROVIDER_TIMEOUT = 7

    provider = provider_from_settings()

    assert provider.client.api_base == "https://api.twilio.com"
    assert provider.client.timeout == 7.0


@pytest.mark.parametrize(
    "missing", ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER"]
)
def test_each_missing_credential_is_named(settings, missing):
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = FROM_NUMBER
    setattr(settings, missing, "")

    with pytest.raises(ImproperlyConfigured, match=f"needs {missing}, which is not set"):
        provider_from_settings()
