"""Choosing the SMS provider from settings, and the console provider it defaults to."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from commerce.communication.sms.africastalking.provider import AfricasTalkingProvider
from commerce.communication.sms.console.provider import ConsoleProvider
from commerce.communication.sms.interface import SmsError, SmsMessage
from commerce.communication.sms.providers import sms_provider
from commerce.communication.sms.twilio.provider import TwilioProvider

TWILIO_SETTINGS = {
    "TWILIO_ACCOUNT_SID": "AC" + "0123456789abcdef" * 2,
    "TWILIO_AUTH_TOKEN": "fake-auth-token",
    "TWILIO_FROM_NUMBER": "+15005550006",
}
AFRICASTALKING_SETTINGS = {
    "AFRICASTALKING_USERNAME": "nexus-shop",
    "AFRICASTALKING_API_KEY": "atsk_fake-api-key",
}


def configure(settings, values: dict[str, str]) -> None:
    for name, value in values.items():
        setattr(settings, name, value)


def sms() -> SmsMessage:
    return SmsMessage(to="+254712345678", body="Your code is 4821", reference="otp-77")


def test_the_console_is_the_default(settings):
    del settings.SMS_PROVIDER

    assert isinstance(sms_provider(), ConsoleProvider)


@pytest.mark.parametrize("value", ["console", ""])
def test_console_chosen_or_left_blank(settings, value):
    settings.SMS_PROVIDER = value

    provider = sms_provider()

    assert isinstance(provider, ConsoleProvider)
    assert provider.code == "console"


def test_twilio_when_chosen(settings):
    settings.SMS_PROVIDER = "twilio"
    configure(settings, TWILIO_SETTINGS)

    provider = sms_provider()

    assert isinstance(provider, TwilioProvider)
    assert provider.code == "twilio"


def test_africastalking_when_chosen(settings):
    settings.SMS_PROVIDER = "africastalking"
    configure(settings, AFRICASTALKING_SETTINGS)

    provider = sms_provider()

    assert isinstance(provider, AfricasTalkingProvider)
    assert provider.code == "africastalking"


@pytest.mark.parametrize(
    ("code", "credentials", "missing"),
    [
        ("twilio", TWILIO_SETTINGS, "TWILIO_ACCOUNT_SID"),
        ("twilio", TWILIO_SETTINGS, "TWILIO_AUTH_TOKEN"),
        ("twilio", TWILIO_SETTINGS, "TWILIO_FROM_NUMBER"),
        ("africastalking", AFRICASTALKING_SETTINGS, "AFRICASTALKING_USERNAME"),
        ("africastalking", AFRICASTALKING_SETTINGS, "AFRICASTALKING_API_KEY"),
    ],
)
def test_a_chosen_provider_without_credentials_is_misconfigured(
    settings, code, credentials, missing
):
    settings.SMS_PROVIDER = code
    configure(settings, credentials)
    setattr(settings, missing, "")

    with pytest.raises(ImproperlyConfigured, match=f"'{code}' needs {missing}, which is not set"):
        sms_provider()


def test_a_deleted_credential_is_named_too(settings):
    settings.SMS_PROVIDER = "twilio"
    configure(settings, TWILIO_SETTINGS)
    del settings.TWILIO_AUTH_TOKEN
    del settings.TWILIO_FROM_NUMBER

    with pytest.raises(
        ImproperlyConfigured, match="TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER, which are not set"
    ):
        sms_provider()


def test_an_unknown_provider_is_misconfigured(settings):
    settings.SMS_PROVIDER = "carrier-pigeon"

    with pytest.raises(ImproperlyConfigured, match="'carrier-pigeon'.*console, twilio"):
        sms_provider()


def test_the_console_logs_recipient_and_body(settings, caplog):
    settings.SMS_PROVIDER = "console"

    with caplog.at_level(logging.INFO, logger="commerce.communication.sms.console"):
        result = sms_provider().send(message=sms())

    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert record.name == "commerce.communication.sms.console.provider"
    assert "+254712345678" in record.getMessage()
    assert "Your code is 4821" in record.getMessage()
    assert "otp-77" in record.getMessage()
    assert result.provider_message_id in record.getMessage()
    assert result.status == "logged"


def test_the_console_gives_each_message_its_own_id():
    provider = ConsoleProvider()

    first = provider.send(message=sms())
    second = provider.send(message=sms())

    assert first.provider_message_id.startswith("console-")
    assert first.provider_message_id != second.provider_message_id


def test_an_sms_error_says_whether_a_retry_can_help():
    error = SmsError("number refused", permanent=True, provider="twilio", code="21610")

    assert str(error) == "number refused"
    assert (error.permanent, error.provider, error.code, error.status_code) == (
        True,
        "twilio",
        "21610",
        None,
    )
